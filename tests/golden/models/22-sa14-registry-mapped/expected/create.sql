CREATE TABLE authors (
	id SERIAL NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	born DATE, 
	PRIMARY KEY (id)
);

CREATE TABLE books (
	id SERIAL NOT NULL, 
	title VARCHAR(300) NOT NULL, 
	author_id INTEGER NOT NULL, 
	edition SMALLINT DEFAULT '1' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(author_id) REFERENCES authors (id)
);

CREATE INDEX ix_books_title ON books (title);

