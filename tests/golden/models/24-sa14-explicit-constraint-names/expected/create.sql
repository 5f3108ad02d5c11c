CREATE TABLE currency (
	code VARCHAR(3) NOT NULL, 
	name VARCHAR(60) NOT NULL, 
	CONSTRAINT currency_pkey_code PRIMARY KEY (code)
);

CREATE TABLE price (
	id SERIAL NOT NULL, 
	product_id INTEGER NOT NULL, 
	currency_code VARCHAR(3) NOT NULL, 
	amount NUMERIC(12, 4) NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT price_product_currency_key UNIQUE (product_id, currency_code), 
	CONSTRAINT price_amount_nonnegative CHECK (amount >= 0), 
	CONSTRAINT price_currency_fkey FOREIGN KEY(currency_code) REFERENCES currency (code) ON UPDATE CASCADE
);

CREATE INDEX price_by_currency ON price (currency_code, amount);

