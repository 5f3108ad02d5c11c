CREATE TYPE status AS ENUM ('DRAFT', 'PUBLISHED', 'ARCHIVED');

CREATE TYPE visibility_kind AS ENUM ('public', 'members');

CREATE TABLE article (
	id SERIAL NOT NULL, 
	status status NOT NULL, 
	previous_status status, 
	visibility visibility_kind NOT NULL, 
	kind VARCHAR(4) NOT NULL, 
	PRIMARY KEY (id)
);

