CREATE TABLE integration (
	provider VARCHAR(30) NOT NULL, 
	client_secret VARCHAR(40), 
	id SERIAL NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_integration_provider ON integration (provider);

