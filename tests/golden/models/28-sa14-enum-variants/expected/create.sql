CREATE TYPE ticketstatus AS ENUM ('NEW', 'IN_PROGRESS', 'DONE');

CREATE TYPE ticket_severity AS ENUM ('low', 'high');

CREATE TYPE ticket_kind AS ENUM ('bug', 'feature', 'question');

CREATE TABLE tickets (
	id SERIAL NOT NULL, 
	subject VARCHAR(200) NOT NULL, 
	status ticketstatus DEFAULT 'NEW' NOT NULL, 
	severity ticket_severity NOT NULL, 
	kind ticket_kind NOT NULL, 
	channel VARCHAR(20), 
	source VARCHAR(3), 
	PRIMARY KEY (id), 
	CONSTRAINT ticket_source CHECK (source IN ('web', 'api'))
);

