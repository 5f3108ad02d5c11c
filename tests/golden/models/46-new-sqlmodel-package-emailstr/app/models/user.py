from pydantic import EmailStr
from sqlmodel import Field, SQLModel

from .base import TimestampMixin, UUIDMixin


class UserBase(SQLModel):
    email: EmailStr = Field(unique=True, index=True, max_length=255)
    full_name: str | None = Field(default=None, max_length=255)
    is_active: bool = True


class User(UserBase, UUIDMixin, TimestampMixin, table=True):
    hashed_password: str


class UserCreate(UserBase):
    password: str = Field(min_length=8, max_length=40)
