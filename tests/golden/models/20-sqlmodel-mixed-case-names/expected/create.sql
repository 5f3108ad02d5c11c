CREATE TABLE "UserProfile" (
	id SERIAL NOT NULL, 
	"displayName" VARCHAR(80) NOT NULL, 
	"avatarURL" VARCHAR, 
	PRIMARY KEY (id)
);

CREATE INDEX "ix_UserProfile_displayName" ON "UserProfile" ("displayName");

CREATE TABLE auditentry (
	id SERIAL NOT NULL, 
	"profileId" INTEGER NOT NULL, 
	action VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY("profileId") REFERENCES "UserProfile" (id)
);

