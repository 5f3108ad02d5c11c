DROP INDEX ix_account_legacy_code;

ALTER TABLE account DROP COLUMN legacy_code;

ALTER TABLE membership ADD COLUMN invited_by INTEGER;

ALTER TABLE membership ADD FOREIGN KEY(invited_by) REFERENCES membership (id);

