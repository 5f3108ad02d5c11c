-- data fixes and drops, as hand-written migrations have them
DELETE FROM users;
UPDATE users SET email = lower(email);
TRUNCATE posts, users RESTART IDENTITY CASCADE;
DROP INDEX CONCURRENTLY IF EXISTS ix_users_email;
DROP TABLE IF EXISTS posts, legacy.comments CASCADE;
ALTER TABLE users DROP COLUMN IF EXISTS status;
DROP TYPE status;
DROP SCHEMA legacy CASCADE;
DROP VIEW v_users;
