ALTER TABLE billing.customer ADD COLUMN vat_number VARCHAR(20);

COMMENT ON TABLE billing.customer IS 'paying customers and trials';

ALTER TABLE billing.invoice ADD COLUMN currency VARCHAR(3) DEFAULT 'EUR' NOT NULL;

