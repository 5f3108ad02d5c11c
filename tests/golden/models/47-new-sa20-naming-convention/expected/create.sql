CREATE TABLE workspace (
	id SERIAL NOT NULL, 
	slug VARCHAR(50) NOT NULL, 
	CONSTRAINT pk_workspace PRIMARY KEY (id), 
	CONSTRAINT uq_workspace_slug UNIQUE (slug)
);

CREATE TABLE channel (
	id SERIAL NOT NULL, 
	workspace_id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	topic VARCHAR(250), 
	CONSTRAINT pk_channel PRIMARY KEY (id), 
	CONSTRAINT uq_channel_workspace_id_name UNIQUE (workspace_id, name), 
	CONSTRAINT ck_channel_name_length CHECK (char_length(name) <= 80), 
	CONSTRAINT fk_channel_workspace_id_workspace FOREIGN KEY(workspace_id) REFERENCES workspace (id)
);

CREATE INDEX ix_channel_workspace_id ON channel (workspace_id);

