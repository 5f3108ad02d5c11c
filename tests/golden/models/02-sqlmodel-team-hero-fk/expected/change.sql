CREATE TABLE power (
	id SERIAL NOT NULL, 
	name VARCHAR(80) NOT NULL, 
	level INTEGER NOT NULL, 
	hero_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(hero_id) REFERENCES hero (id)
);

CREATE INDEX ix_power_hero_id ON power (hero_id);

