ALTER TABLE products ADD COLUMN stock INTEGER DEFAULT '0' NOT NULL;

COMMENT ON COLUMN products.stock IS 'units on hand';

ALTER TABLE products ADD COLUMN discontinued_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN products.description IS 'markdown';

