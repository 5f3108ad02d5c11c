CREATE TABLE organization (
	id SERIAL NOT NULL, 
	slug VARCHAR(50) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	CONSTRAINT pk_organization PRIMARY KEY (id), 
	CONSTRAINT uq_organization_slug UNIQUE (slug)
);

CREATE TABLE project (
	id SERIAL NOT NULL, 
	organization_id INTEGER NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	archived BOOLEAN DEFAULT 'false' NOT NULL, 
	CONSTRAINT pk_project PRIMARY KEY (id), 
	CONSTRAINT uq_project_organization_id UNIQUE (organization_id, name), 
	CONSTRAINT ck_project_name_min_length CHECK (char_length(name) > 2), 
	CONSTRAINT fk_project_organization_id_organization FOREIGN KEY(organization_id) REFERENCES organization (id)
);

CREATE INDEX ix_project_organization_id ON project (organization_id);

