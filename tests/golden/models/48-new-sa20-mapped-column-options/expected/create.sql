CREATE TABLE line_items (
	id BIGINT GENERATED ALWAYS AS IDENTITY, 
	order_ref VARCHAR(24) NOT NULL, 
	quantity INTEGER DEFAULT 1 NOT NULL, 
	unit_price NUMERIC(10, 2) NOT NULL, 
	total NUMERIC(12, 2) GENERATED ALWAYS AS (quantity * unit_price) STORED NOT NULL, 
	shipped BOOLEAN DEFAULT false NOT NULL, 
	note VARCHAR(500), 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_line_items_open ON line_items (order_ref) WHERE NOT shipped;

COMMENT ON TABLE line_items IS 'order lines';

COMMENT ON COLUMN line_items.order_ref IS 'external order number';

