from typing import Optional

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from app.core.types import EncryptedString


class Credential(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    service: str = Field(max_length=50)
    secret: str = Field(sa_column=Column(EncryptedString(200), nullable=False))
