from datetime import datetime
from typing import Optional

from sqlalchemy import BigInteger, Column, DateTime, Identity, SmallInteger, func
from sqlmodel import Field, SQLModel


class PageView(SQLModel, table=True):
    __tablename__ = "page_views"

    id: Optional[int] = Field(
        default=None, sa_column=Column(BigInteger, Identity(always=False), primary_key=True)
    )
    path: str = Field(max_length=2048)
    status_code: int = Field(sa_column=Column(SmallInteger, nullable=False))
    viewed_at: Optional[datetime] = Field(
        default=None,
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False, index=True),
    )
    visitor_id: Optional[int] = Field(
        default=None, sa_column=Column(BigInteger, index=True)
    )
    duration_ms: Optional[int] = None


class Visitor(SQLModel, table=True):
    id: Optional[int] = Field(default=None, sa_column=Column(BigInteger, primary_key=True))
    fingerprint: str = Field(max_length=64, unique=True)
