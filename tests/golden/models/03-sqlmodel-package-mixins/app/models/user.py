from typing import Optional

from sqlmodel import Field, SQLModel

from .base import IdMixin, TimestampMixin


class UserBase(SQLModel):
    email: str = Field(unique=True, index=True, max_length=320)
    full_name: Optional[str] = None
    is_active: bool = True
    is_superuser: bool = False


class User(UserBase, IdMixin, TimestampMixin, table=True):
    __tablename__ = "users"

    hashed_password: str


class UserCreate(UserBase):
    password: str
