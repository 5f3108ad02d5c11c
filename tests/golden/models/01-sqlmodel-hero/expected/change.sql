ALTER TABLE hero ADD COLUMN age INTEGER;

CREATE INDEX ix_hero_age ON hero (age);

CREATE INDEX ix_hero_name ON hero (name);

