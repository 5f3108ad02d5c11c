CREATE TABLE tenant (
	id SERIAL NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE invoice (
	id SERIAL NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITHOUT TIME ZONE, 
	number VARCHAR(20) NOT NULL, 
	amount_cents INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);

CREATE INDEX ix_invoice_tenant_id ON invoice (tenant_id);

