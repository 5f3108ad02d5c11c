CREATE TABLE documents (
	id SERIAL NOT NULL, 
	source_url VARCHAR(2048) NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE chunks (
	id SERIAL NOT NULL, 
	document_id INTEGER NOT NULL, 
	content TEXT NOT NULL, 
	embedding VECTOR(1536) NOT NULL, 
	summary_embedding VECTOR(384), 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);

CREATE INDEX ix_chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);

