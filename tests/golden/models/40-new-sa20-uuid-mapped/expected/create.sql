CREATE TABLE accounts (
	id UUID DEFAULT gen_random_uuid() NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE sessions (
	id UUID NOT NULL, 
	account_id UUID NOT NULL, 
	device_id UUID, 
	token VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(account_id) REFERENCES accounts (id), 
	UNIQUE (token)
);

CREATE INDEX ix_sessions_account_id ON sessions (account_id);

