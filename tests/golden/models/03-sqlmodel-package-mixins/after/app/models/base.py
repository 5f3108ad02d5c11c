from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel


class IdMixin(SQLModel):
    id: Optional[int] = Field(default=None, primary_key=True)


class TimestampMixin(SQLModel):
    created_at: datetime = Field(default_factory=datetime.utcnow, nullable=False)
    updated_at: Optional[datetime] = Field(default=None)


class SoftDeleteMixin(SQLModel):
    deleted_at: Optional[datetime] = Field(default=None, index=True)
