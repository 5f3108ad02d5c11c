from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, text
from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=64)
    display_name: str = Field(index=True)
    plan: str = Field(
        default="free",
        max_length=16,
        sa_column_kwargs={"server_default": "free", "comment": "billing plan"},
    )
    seats: int = Field(
        default=1,
        sa_column_args=[CheckConstraint("seats > 0", name="seats_positive")],
    )
    created_at: datetime = Field(
        default_factory=datetime.utcnow,
        sa_column_kwargs={"server_default": text("now()")},
    )


class Membership(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    # 0.0.8's Field has no ondelete=, so the FK is spelled as a full Column
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    email: str = Field(max_length=320)
    role: str = Field(default="member", sa_column_kwargs={"server_default": "member"})
    invited_by: Optional[int] = Field(default=None, foreign_key="membership.id")
