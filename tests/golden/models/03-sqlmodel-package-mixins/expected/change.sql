ALTER TABLE item ADD COLUMN deleted_at TIMESTAMP WITHOUT TIME ZONE;

CREATE INDEX ix_item_deleted_at ON item (deleted_at);

