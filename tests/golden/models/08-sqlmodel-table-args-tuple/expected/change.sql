ALTER TABLE booking ADD COLUMN guests INTEGER DEFAULT '1' NOT NULL;

DROP INDEX ix_booking_open;

CREATE INDEX ix_booking_open ON booking (room_id, starts_on) WHERE cancelled = false;

ALTER TABLE booking ADD CONSTRAINT ck_booking_guests CHECK (guests BETWEEN 1 AND 8);

