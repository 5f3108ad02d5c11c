ALTER TABLE heroteamlink ADD COLUMN is_training BOOLEAN NOT NULL;

