import uuid

from sqlmodel import Field, SQLModel

from app.models.base import TimestampMixin, UUIDMixin


class ItemBase(SQLModel):
    title: str = Field(min_length=1, max_length=255)
    description: str | None = Field(default=None, max_length=255)


class Item(ItemBase, UUIDMixin, TimestampMixin, table=True):
    owner_id: uuid.UUID = Field(foreign_key="user.id", nullable=False, ondelete="CASCADE")
