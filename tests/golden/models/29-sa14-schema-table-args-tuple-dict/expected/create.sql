CREATE TABLE analytics.site (
	id SERIAL NOT NULL, 
	domain VARCHAR(253) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (domain)
);

COMMENT ON TABLE analytics.site IS 'tracked web properties';

CREATE TABLE analytics.daily_visits (
	id BIGSERIAL NOT NULL, 
	site_id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	visits INTEGER DEFAULT '0' NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_daily_visits_site_day UNIQUE (site_id, day), 
	FOREIGN KEY(site_id) REFERENCES analytics.site (id)
);

CREATE INDEX ix_daily_visits_day ON analytics.daily_visits (day);

COMMENT ON TABLE analytics.daily_visits IS 'one row per site and day';

