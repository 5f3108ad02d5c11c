ALTER TABLE categories ADD COLUMN position INTEGER DEFAULT '0' NOT NULL;

CREATE INDEX ix_categories_parent_id ON categories (parent_id);

ALTER TABLE categories ADD UNIQUE (parent_id, name);

