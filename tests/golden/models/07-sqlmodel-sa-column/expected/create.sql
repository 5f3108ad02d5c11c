CREATE TABLE events (
	payload JSONB NOT NULL, 
	tags VARCHAR(32)[] DEFAULT '{}', 
	occurred_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
	processed_at TIMESTAMP WITH TIME ZONE, 
	id SERIAL NOT NULL, 
	kind VARCHAR(50) NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_events_kind ON events (kind);

