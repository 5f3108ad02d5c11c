from typing import Optional

from sqlmodel import Field, SQLModel

from app.models.base import IdMixin, TimestampMixin


class ItemBase(SQLModel):
    title: str = Field(max_length=255)
    description: Optional[str] = Field(default=None, max_length=1000)


class Item(IdMixin, ItemBase, TimestampMixin, table=True):
    owner_id: int = Field(foreign_key="users.id", nullable=False)


class ItemPublic(ItemBase):
    id: int
    owner_id: int
