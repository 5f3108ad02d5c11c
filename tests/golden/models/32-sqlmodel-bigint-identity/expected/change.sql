ALTER TABLE page_views ADD COLUMN visitor_id BIGINT;

ALTER TABLE page_views ADD COLUMN duration_ms INTEGER;

CREATE INDEX ix_page_views_visitor_id ON page_views (visitor_id);

