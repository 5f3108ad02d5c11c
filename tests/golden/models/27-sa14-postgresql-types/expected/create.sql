CREATE TABLE documents (
	id BIGSERIAL NOT NULL, 
	public_id UUID NOT NULL, 
	title VARCHAR(50) NOT NULL, 
	body TEXT NOT NULL, 
	metadata JSONB DEFAULT '{}' NOT NULL, 
	raw JSON, 
	labels VARCHAR[] DEFAULT '{}' NOT NULL, 
	scores FLOAT[][], 
	search_vector TSVECTOR, 
	author_ip INET, 
	size_bytes INTEGER, 
	revision SMALLINT DEFAULT '1' NOT NULL, 
	checksum BYTEA, 
	price NUMERIC(10, 2), 
	created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
	synced_at TIMESTAMP WITHOUT TIME ZONE, 
	PRIMARY KEY (id), 
	UNIQUE (public_id)
);

