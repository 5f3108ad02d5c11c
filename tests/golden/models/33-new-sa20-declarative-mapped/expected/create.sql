CREATE TABLE user_account (
	id SERIAL NOT NULL, 
	name VARCHAR(30) NOT NULL, 
	fullname VARCHAR, 
	nickname VARCHAR(64), 
	bio TEXT DEFAULT '' NOT NULL, 
	balance NUMERIC(10, 2) NOT NULL, 
	is_admin BOOLEAN NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE address (
	id SERIAL NOT NULL, 
	email_address VARCHAR NOT NULL, 
	user_id INTEGER NOT NULL, 
	note VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES user_account (id)
);

CREATE INDEX ix_address_user_id ON address (user_id);

