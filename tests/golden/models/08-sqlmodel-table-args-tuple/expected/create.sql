CREATE TABLE booking (
	id SERIAL NOT NULL, 
	room_id INTEGER NOT NULL, 
	guest_email VARCHAR(320) NOT NULL, 
	starts_on DATE NOT NULL, 
	ends_on DATE NOT NULL, 
	cancelled BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_booking_room_day UNIQUE (room_id, starts_on), 
	CONSTRAINT ck_booking_dates CHECK (ends_on >= starts_on)
);

CREATE INDEX ix_booking_guest_dates ON booking (guest_email, starts_on);

CREATE INDEX ix_booking_guest_lower ON booking (lower(guest_email));

CREATE INDEX ix_booking_open ON booking (room_id) WHERE cancelled = false;

