from typing import List, Optional

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel


class Category(SQLModel, table=True):
    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    parent_id: Optional[int] = Field(default=None, foreign_key="categories.id", index=True)
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})

    parent: Optional["Category"] = Relationship(
        back_populates="children",
        sa_relationship_kwargs={"remote_side": "Category.id"},
    )
    children: List["Category"] = Relationship(back_populates="parent")
