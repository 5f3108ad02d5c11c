from typing import Optional

from sqlmodel import Field, SQLModel


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)


class Team(SQLModel, table=True)
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
