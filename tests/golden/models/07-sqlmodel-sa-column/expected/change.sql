CREATE INDEX ix_events_payload ON events USING gin (payload);

CREATE INDEX ix_events_unprocessed ON events (occurred_at) WHERE processed_at IS NULL;

