ALTER TABLE organization ADD COLUMN billing_email VARCHAR(320);

ALTER TABLE organization ADD CONSTRAINT uq_organization_billing_email UNIQUE (billing_email);

ALTER TABLE project ADD COLUMN owner_id INTEGER;

ALTER TABLE project ADD CONSTRAINT fk_project_owner_id_organization FOREIGN KEY(owner_id) REFERENCES organization (id);

