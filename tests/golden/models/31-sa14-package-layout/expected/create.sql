CREATE TABLE "user" (
	created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
	id SERIAL NOT NULL, 
	email VARCHAR NOT NULL, 
	hashed_password VARCHAR NOT NULL, 
	is_active BOOLEAN, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_user_id ON "user" (id);

CREATE UNIQUE INDEX ix_user_email ON "user" (email);

CREATE TABLE "order" (
	created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
	id SERIAL NOT NULL, 
	customer_id INTEGER NOT NULL, 
	status VARCHAR(20) DEFAULT 'new' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(customer_id) REFERENCES "user" (id)
);

CREATE TABLE order_line (
	order_id INTEGER NOT NULL, 
	line_no INTEGER NOT NULL, 
	product VARCHAR(100) NOT NULL, 
	unit_price NUMERIC(10, 2) NOT NULL, 
	quantity INTEGER DEFAULT '1' NOT NULL, 
	PRIMARY KEY (order_id, line_no), 
	FOREIGN KEY(order_id) REFERENCES "order" (id) ON DELETE CASCADE
);

