from datetime import datetime
from typing import Any, Dict, List, Optional

from sqlalchemy import Column, DateTime, String, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel


class Event(SQLModel, table=True):
    __tablename__ = "events"

    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(max_length=50, index=True)
    payload: Dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONB, nullable=False))
    tags: List[str] = Field(default_factory=list, sa_column=Column(ARRAY(String(32)), server_default="{}"))
    occurred_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )
    processed_at: Optional[datetime] = Field(default=None, sa_column=Column(DateTime(timezone=True)))
