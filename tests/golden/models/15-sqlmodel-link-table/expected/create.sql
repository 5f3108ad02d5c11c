CREATE TABLE team (
	id SERIAL NOT NULL, 
	name VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_team_name ON team (name);

CREATE TABLE hero (
	id SERIAL NOT NULL, 
	name VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_hero_name ON hero (name);

CREATE TABLE heroteamlink (
	team_id INTEGER NOT NULL, 
	hero_id INTEGER NOT NULL, 
	PRIMARY KEY (team_id, hero_id), 
	FOREIGN KEY(team_id) REFERENCES team (id), 
	FOREIGN KEY(hero_id) REFERENCES hero (id)
);

