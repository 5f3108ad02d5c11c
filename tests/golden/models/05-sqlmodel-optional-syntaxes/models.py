from datetime import datetime
from typing import Optional, Union

from sqlmodel import Field, SQLModel


class Customer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    nickname: Optional[str] = None
    phone: str | None = Field(default=None, max_length=32)
    company: Union[str, None] = None
    vip_since: Union[datetime, None] = None
    # explicit nullable wins over the annotation in both directions
    referral_code: Optional[str] = Field(default=None, nullable=False)
    country: str = Field(default="NL", nullable=True, max_length=2)
