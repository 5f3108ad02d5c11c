CREATE TABLE member (
	id SERIAL NOT NULL, 
	email VARCHAR(320) NOT NULL, 
	role VARCHAR NOT NULL, 
	previous_role VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE (email)
);

