CREATE TABLE public.accounts (
    id bigserial PRIMARY KEY,
    owner_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind status DEFAULT 'active',
    balance numeric(12, 2) NOT NULL DEFAULT 0 CHECK (balance >= 0),
    tags text[],
    created_at timestamp with time zone DEFAULT now(),
    UNIQUE (owner_id, kind)
);
ALTER TABLE users ADD COLUMN nickname varchar(40), ALTER COLUMN email TYPE text USING email::text;
ALTER TABLE users ALTER COLUMN email SET NOT NULL, ALTER COLUMN email DROP DEFAULT;
ALTER TABLE accounts ADD CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES users (id) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT fk_owner;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_accounts_tags ON accounts USING gin (tags) WHERE balance > 0;
ALTER TABLE users RENAME COLUMN nickname TO handle;
ALTER TABLE accounts RENAME TO wallets;
