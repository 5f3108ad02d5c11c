from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Computed,
    DateTime,
    Identity,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Product(Base):
    __tablename__ = "products"

    id = Column(BigInteger, Identity(always=True), primary_key=True)
    sku = Column(String(32), nullable=False, unique=True, comment="stock keeping unit")
    name = Column(String(200), nullable=False)
    description = Column(Text, comment="markdown")
    price = Column(Numeric(10, 2), nullable=False, server_default="0")
    vat_rate = Column(Numeric(4, 3), nullable=False, server_default=text("0.21"))
    price_with_vat = Column(Numeric(12, 2), Computed("price * (1 + vat_rate)", persisted=True))
    active = Column(Boolean, nullable=False, server_default=text("true"))
    created_at = Column(DateTime(timezone=True), nullable=False, server_default=func.now())
    updated_at = Column(DateTime(timezone=True), onupdate=func.now())
    stock = Column(Integer, nullable=False, server_default="0", comment="units on hand")
    discontinued_at = Column(DateTime(timezone=True))

    __table_args__ = (Index("ix_products_lower_name", func.lower(name)),)


class Counter(Base):
    __tablename__ = "counters"

    key = Column(String(64), primary_key=True)
    shard = Column(Integer, primary_key=True, autoincrement=False)
    value = Column(BigInteger, nullable=False, default=0)
    seq = Column(Integer, Identity(start=100, increment=10))
