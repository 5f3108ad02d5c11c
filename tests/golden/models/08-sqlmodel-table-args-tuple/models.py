from datetime import date
from typing import Optional

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel


class Booking(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("room_id", "starts_on", name="uq_booking_room_day"),
        CheckConstraint("ends_on >= starts_on", name="ck_booking_dates"),
        Index("ix_booking_guest_dates", "guest_email", "starts_on"),
        Index("ix_booking_guest_lower", text("lower(guest_email)")),
        Index("ix_booking_open", "room_id", postgresql_where=text("cancelled = false")),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    room_id: int
    guest_email: str = Field(max_length=320)
    starts_on: date
    ends_on: date
    cancelled: bool = False
