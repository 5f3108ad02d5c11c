from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


class Base(DeclarativeBase):
    pass


class IdMixin:
    id: Mapped[int] = mapped_column(primary_key=True)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    updated_at: Mapped[Optional[datetime]] = mapped_column(onupdate=datetime.utcnow)


class TenantMixin:
    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("tenant.id"), index=True)


class Tenant(IdMixin, Base):
    __tablename__ = "tenant"

    name: Mapped[str] = mapped_column(String(100))


class Invoice(IdMixin, TenantMixin, TimestampMixin, Base):
    __tablename__ = "invoice"

    number: Mapped[str] = mapped_column(String(20))
    amount_cents: Mapped[int]
