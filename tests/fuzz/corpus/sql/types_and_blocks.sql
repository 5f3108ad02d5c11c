CREATE TYPE mood AS ENUM ('happy', 'sad');
ALTER TYPE status ADD VALUE IF NOT EXISTS 'banned' BEFORE 'gone';
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN
        CREATE TYPE mood AS ENUM ('happy');
    END IF;
END
$$;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN NEW.updated_at := now(); RETURN NEW; END $f$;
CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
COMMENT ON COLUMN users.email IS 'login';
CREATE TABLE t2 (id int GENERATED ALWAYS AS IDENTITY, total int GENERATED ALWAYS AS (id * 2) STORED, PRIMARY KEY (id));
SELECT 'it''s', E'\n', U&'\0041', $tag$ $ $tag$
