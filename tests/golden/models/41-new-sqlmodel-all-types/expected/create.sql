CREATE TYPE priority AS ENUM ('low', 'normal', 'high');

CREATE TYPE status AS ENUM ('open', 'closed');

CREATE TABLE task (
	id SERIAL NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	notes VARCHAR, 
	estimate_hours FLOAT NOT NULL, 
	done BOOLEAN NOT NULL, 
	points INTEGER NOT NULL, 
	due_at TIMESTAMP WITHOUT TIME ZONE, 
	due_on DATE, 
	remind_at TIME WITHOUT TIME ZONE, 
	duration INTERVAL, 
	attachment BYTEA, 
	budget NUMERIC(12, 2) NOT NULL, 
	public_id UUID NOT NULL, 
	priority priority NOT NULL, 
	status status NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (public_id)
);

