from typing import Optional

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from app.types import LowercaseText, ObfuscatedString


class Integration(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    provider: str = Field(sa_column=Column(LowercaseText(30), nullable=False, index=True))
    client_secret: Optional[str] = Field(default=None, sa_column=Column(ObfuscatedString()))
