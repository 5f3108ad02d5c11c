CREATE TYPE orderstate AS ENUM ('PENDING', 'PAID', 'SHIPPED');

CREATE TABLE shipment (
	id SERIAL NOT NULL, 
	state orderstate NOT NULL, 
	carrier VARCHAR(40), 
	PRIMARY KEY (id)
);

CREATE INDEX ix_shipment_state ON shipment (state);

