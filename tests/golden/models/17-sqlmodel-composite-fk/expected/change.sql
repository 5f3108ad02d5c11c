ALTER TABLE stock_item ADD CONSTRAINT uq_stock_item_location UNIQUE (sku, warehouse_region, warehouse_code);

ALTER TABLE stock_item DROP CONSTRAINT fk_stock_item_warehouse;

ALTER TABLE stock_item ADD CONSTRAINT fk_stock_item_warehouse FOREIGN KEY(warehouse_region, warehouse_code) REFERENCES warehouse (region, code) ON DELETE CASCADE;

