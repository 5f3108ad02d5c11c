from typing import Optional

from sqlmodel import Field, SQLModel


class Profile(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    handle: str
    bio: str = None
    website: Optional[str] = Field(...)
    avatar_url: Optional[str] = Field(default=None)
