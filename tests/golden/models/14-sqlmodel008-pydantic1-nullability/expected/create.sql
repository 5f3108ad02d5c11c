CREATE TABLE profile (
	id SERIAL NOT NULL, 
	handle VARCHAR NOT NULL, 
	bio VARCHAR, 
	website VARCHAR NOT NULL, 
	avatar_url VARCHAR, 
	PRIMARY KEY (id)
);

