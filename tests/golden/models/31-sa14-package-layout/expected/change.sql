CREATE TABLE address (
	id SERIAL NOT NULL, 
	user_id INTEGER NOT NULL, 
	line1 VARCHAR(200) NOT NULL, 
	city VARCHAR(100) NOT NULL, 
	country VARCHAR(2) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES "user" (id)
);

CREATE INDEX ix_address_user_id ON address (user_id);

ALTER TABLE "order" ADD COLUMN shipping_address_id INTEGER;

ALTER TABLE "order" ADD FOREIGN KEY(shipping_address_id) REFERENCES address (id);

