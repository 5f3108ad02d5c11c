CREATE TYPE role AS ENUM ('admin', 'editor', 'viewer');

CREATE TABLE member (
	id SERIAL NOT NULL, 
	email VARCHAR(320) NOT NULL, 
	role role NOT NULL, 
	previous_role role, 
	PRIMARY KEY (id), 
	UNIQUE (email)
);

