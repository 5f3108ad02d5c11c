CREATE TABLE event (
	id SERIAL NOT NULL, 
	kind VARCHAR(50) NOT NULL, 
	payload JSONB NOT NULL, 
	occurred_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
	tags VARCHAR[] NOT NULL, 
	score DOUBLE PRECISION, 
	processed_at TIMESTAMP WITH TIME ZONE, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_event_kind ON event (kind);

