CREATE TABLE warehouse (
	region VARCHAR(8) NOT NULL, 
	code VARCHAR(16) NOT NULL, 
	city VARCHAR NOT NULL, 
	PRIMARY KEY (region, code)
);

CREATE TABLE stock_item (
	id SERIAL NOT NULL, 
	sku VARCHAR(40) NOT NULL, 
	warehouse_region VARCHAR(8) NOT NULL, 
	warehouse_code VARCHAR(16) NOT NULL, 
	quantity INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT fk_stock_item_warehouse FOREIGN KEY(warehouse_region, warehouse_code) REFERENCES warehouse (region, code) ON DELETE RESTRICT
);

