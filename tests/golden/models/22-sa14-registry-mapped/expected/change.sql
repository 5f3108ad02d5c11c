CREATE TABLE reviews (
	id SERIAL NOT NULL, 
	book_id INTEGER NOT NULL, 
	stars SMALLINT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(book_id) REFERENCES books (id)
);

CREATE INDEX ix_reviews_book_id ON reviews (book_id);

ALTER TABLE books ADD COLUMN isbn VARCHAR(13);

ALTER TABLE books ADD UNIQUE (isbn);

ALTER TABLE books DROP CONSTRAINT books_author_id_fkey;

ALTER TABLE books ADD FOREIGN KEY(author_id) REFERENCES authors (id) ON DELETE CASCADE;

