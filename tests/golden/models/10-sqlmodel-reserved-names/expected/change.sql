ALTER TABLE "user" ADD COLUMN group_id INTEGER;

CREATE INDEX ix_user_group_id ON "user" (group_id);

ALTER TABLE "user" ADD FOREIGN KEY(group_id) REFERENCES "group" (id);

