CREATE TABLE team (
	id SERIAL NOT NULL, 
	name VARCHAR NOT NULL, 
	headquarters VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_team_name ON team (name);

CREATE TABLE hero (
	id SERIAL NOT NULL, 
	name VARCHAR NOT NULL, 
	secret_name VARCHAR NOT NULL, 
	age INTEGER, 
	team_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(team_id) REFERENCES team (id)
);

CREATE INDEX ix_hero_name ON hero (name);

CREATE INDEX ix_hero_age ON hero (age);

