from datetime import datetime
from typing import Optional, Union

from sqlmodel import Field, SQLModel


class Customer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    nickname: Optional[str] = None
    phone: str = Field(max_length=32)
    company: Union[str, None] = None
    vip_since: Union[datetime, None] = None
    referral_code: Optional[str] = Field(default=None, nullable=True)
    country: str = Field(default="NL", nullable=True, max_length=2)
