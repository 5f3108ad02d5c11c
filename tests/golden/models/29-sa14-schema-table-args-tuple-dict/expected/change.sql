CREATE TABLE analytics.referrer (
	id SERIAL NOT NULL, 
	site_id INTEGER NOT NULL, 
	host VARCHAR(253) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(site_id) REFERENCES analytics.site (id)
);

CREATE INDEX ix_analytics_referrer_site_id ON analytics.referrer (site_id);

ALTER TABLE analytics.daily_visits ADD COLUMN unique_visitors INTEGER DEFAULT '0' NOT NULL;

