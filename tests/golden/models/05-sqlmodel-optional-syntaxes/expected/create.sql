CREATE TABLE customer (
	id SERIAL NOT NULL, 
	name VARCHAR NOT NULL, 
	nickname VARCHAR, 
	phone VARCHAR(32), 
	company VARCHAR, 
	vip_since TIMESTAMP WITHOUT TIME ZONE, 
	referral_code VARCHAR NOT NULL, 
	country VARCHAR(2), 
	PRIMARY KEY (id)
);

