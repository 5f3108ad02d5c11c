CREATE TABLE api_keys (
	id UUID NOT NULL, 
	owner_id UUID, 
	label VARCHAR(100) NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_api_keys_owner_id ON api_keys (owner_id);

