from typing import Optional

from sqlmodel import Field, SQLModel


class UserProfile(SQLModel, table=True):
    __tablename__ = "UserProfile"

    id: Optional[int] = Field(default=None, primary_key=True)
    displayName: str = Field(max_length=80, index=True)
    avatarURL: Optional[str] = None
    Locale: str = Field(default="en", max_length=5)


class AuditEntry(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    profileId: int = Field(foreign_key="UserProfile.id", index=True)
    action: str
