ALTER TYPE ticket_kind RENAME TO ticket_kind_old;

CREATE TYPE ticket_kind AS ENUM ('bug', 'feature');

ALTER TABLE tickets ALTER COLUMN kind TYPE ticket_kind USING kind::text::ticket_kind;

DROP TYPE ticket_kind_old;

ALTER TYPE ticket_severity ADD VALUE 'critical';

ALTER TYPE ticketstatus RENAME TO ticketstatus_old;

CREATE TYPE ticketstatus AS ENUM ('NEW', 'IN_PROGRESS', 'BLOCKED', 'DONE');

ALTER TABLE tickets ALTER COLUMN status TYPE ticketstatus USING status::text::ticketstatus;

DROP TYPE ticketstatus_old;

