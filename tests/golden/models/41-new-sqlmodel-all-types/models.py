import enum
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Optional

from sqlmodel import Field, SQLModel


class Priority(enum.Enum):
    low = 1
    normal = 2
    high = 3


class Status(str, enum.Enum):
    open = "open"
    closed = "closed"


class Task(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    notes: Optional[str] = None
    estimate_hours: float = 0.0
    done: bool = False
    points: int = 0
    due_at: Optional[datetime] = None
    due_on: Optional[date] = None
    remind_at: Optional[time] = None
    duration: Optional[timedelta] = None
    attachment: Optional[bytes] = None
    budget: Decimal = Field(default=0, max_digits=12, decimal_places=2)
    public_id: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    priority: Priority = Priority.normal
    status: Status = Status.open
