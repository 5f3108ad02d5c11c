CREATE TABLE billing.customer (
	id SERIAL NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id)
);

COMMENT ON TABLE billing.customer IS 'paying customers';

CREATE TABLE billing.invoice (
	id SERIAL NOT NULL, 
	customer_id INTEGER NOT NULL, 
	total NUMERIC(10, 2) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(customer_id) REFERENCES billing.customer (id)
);

CREATE INDEX ix_billing_invoice_customer_id ON billing.invoice (customer_id);

