ALTER TABLE "UserProfile" ADD COLUMN "Locale" VARCHAR(5) NOT NULL;

CREATE INDEX "ix_auditentry_profileId" ON auditentry ("profileId");

