ALTER TABLE integration ADD COLUMN webhook_secret VARCHAR(40);

