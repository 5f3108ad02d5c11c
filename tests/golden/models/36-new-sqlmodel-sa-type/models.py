from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Double, String, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Column, Field, SQLModel


class Event(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=50, index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    occurred_at: datetime = Field(
        sa_type=DateTime(timezone=True),
        sa_column_kwargs={"server_default": func.now()},
    )
    tags: list[str] = Field(default_factory=list, sa_type=ARRAY(String))
    score: float | None = Field(default=None, sa_type=Double)
    processed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
