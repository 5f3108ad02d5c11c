CREATE TABLE tenant (
	name VARCHAR(100) NOT NULL, 
	id SERIAL NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE invoice (
	number VARCHAR(20) NOT NULL, 
	amount_cents INTEGER NOT NULL, 
	id SERIAL NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITHOUT TIME ZONE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tenant_id) REFERENCES tenant (id)
);

CREATE INDEX ix_invoice_tenant_id ON invoice (tenant_id);

