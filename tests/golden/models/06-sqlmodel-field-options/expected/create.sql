CREATE TABLE account (
	id SERIAL NOT NULL, 
	slug VARCHAR(64) NOT NULL, 
	display_name VARCHAR NOT NULL, 
	plan VARCHAR(16) DEFAULT 'free' NOT NULL, 
	seats INTEGER NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	legacy_code VARCHAR(10), 
	PRIMARY KEY (id), 
	UNIQUE (slug), 
	CONSTRAINT seats_positive CHECK (seats > 0)
);

CREATE INDEX ix_account_display_name ON account (display_name);

CREATE UNIQUE INDEX ix_account_legacy_code ON account (legacy_code);

COMMENT ON COLUMN account.plan IS 'billing plan';

CREATE TABLE membership (
	account_id INTEGER NOT NULL, 
	id SERIAL NOT NULL, 
	email VARCHAR(320) NOT NULL, 
	role VARCHAR DEFAULT 'member' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(account_id) REFERENCES account (id) ON DELETE CASCADE
);

CREATE INDEX ix_membership_account_id ON membership (account_id);

