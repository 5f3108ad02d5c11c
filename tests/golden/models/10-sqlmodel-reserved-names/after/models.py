from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel


class User(SQLModel, table=True):
    __tablename__ = "user"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    desc: Optional[str] = None
    group_id: Optional[int] = Field(default=None, foreign_key="group.id", index=True)


class Group(SQLModel, table=True):
    __tablename__ = "group"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True)


class Order(SQLModel, table=True):
    __tablename__ = "order"

    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    placed_at: datetime = Field(default_factory=datetime.utcnow)
    limit: Optional[int] = None
