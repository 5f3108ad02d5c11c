CREATE TABLE team (
	id SERIAL NOT NULL, 
	name VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_team_name ON team (name);

CREATE TABLE hero (
	id SERIAL NOT NULL, 
	name VARCHAR NOT NULL, 
	team_id INTEGER, 
	mentor_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(team_id) REFERENCES team (id) ON DELETE CASCADE, 
	FOREIGN KEY(mentor_id) REFERENCES hero (id) ON DELETE SET NULL
);

CREATE INDEX ix_hero_name ON hero (name);

