CREATE TABLE audit_log (
	id SERIAL NOT NULL, 
	entity VARCHAR(50) NOT NULL, 
	entity_id INTEGER NOT NULL, 
	at TIMESTAMP WITH TIME ZONE DEFAULT now(), 
	PRIMARY KEY (id)
);

ALTER TABLE post_tags ADD COLUMN tagged_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL;

CREATE INDEX ix_post_tags_tag_id ON post_tags (tag_id);

