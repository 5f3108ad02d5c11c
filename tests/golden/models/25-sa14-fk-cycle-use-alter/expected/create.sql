CREATE TABLE department (
	id SERIAL NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	manager_id INTEGER, 
	PRIMARY KEY (id)
);

CREATE TABLE employee (
	id SERIAL NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	department_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(department_id) REFERENCES department (id)
);

ALTER TABLE department ADD CONSTRAINT fk_department_manager_id_employee FOREIGN KEY(manager_id) REFERENCES employee (id);

