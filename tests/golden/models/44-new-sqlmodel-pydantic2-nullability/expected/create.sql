CREATE TABLE profile (
	id SERIAL NOT NULL, 
	handle VARCHAR NOT NULL, 
	bio VARCHAR NOT NULL, 
	website VARCHAR, 
	avatar_url VARCHAR, 
	PRIMARY KEY (id)
);

