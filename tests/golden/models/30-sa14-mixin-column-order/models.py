from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, declared_attr

Base = declarative_base()


class IdMixin:
    id = Column(Integer, primary_key=True)


class TimestampMixin:
    created_at = Column(DateTime, nullable=False, default=datetime.utcnow)
    updated_at = Column(DateTime, onupdate=datetime.utcnow)


class TenantMixin:
    @declared_attr
    def tenant_id(cls):
        return Column(Integer, ForeignKey("tenant.id"), nullable=False, index=True)


class Tenant(IdMixin, Base):
    __tablename__ = "tenant"

    name = Column(String(100), nullable=False)


class Invoice(IdMixin, TenantMixin, TimestampMixin, Base):
    __tablename__ = "invoice"

    number = Column(String(20), nullable=False)
    amount_cents = Column(Integer, nullable=False)
