ALTER TABLE api_keys ADD COLUMN rotated_from UUID;

ALTER TABLE api_keys ADD FOREIGN KEY(rotated_from) REFERENCES api_keys (id);

