from datetime import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import BigInteger, Computed, Identity, Index, Numeric, String, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class AuditMixin:
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True, sort_order=-1)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now(), sort_order=100)


class LineItem(AuditMixin, Base):
    __tablename__ = "line_items"
    __table_args__ = (
        Index("ix_line_items_open", "order_ref", postgresql_where=text("NOT shipped")),
        {"comment": "order lines"},
    )

    order_ref: Mapped[str] = mapped_column(String(24), comment="external order number")
    quantity: Mapped[int] = mapped_column(server_default=text("1"))
    unit_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    total: Mapped[Decimal] = mapped_column(Numeric(12, 2), Computed("quantity * unit_price"))
    shipped: Mapped[bool] = mapped_column(server_default=text("false"))
    note: Mapped[Optional[str]] = mapped_column(String(500), deferred=True)
