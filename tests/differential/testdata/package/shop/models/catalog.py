from sqlalchemy import Column, ForeignKey, Integer, Numeric, String

from .base import Base, TimestampMixin


class Category(TimestampMixin, Base):
    __tablename__ = "category"
    id = Column(Integer, primary_key=True)
    name = Column(String(80), nullable=False, unique=True)


class Product(TimestampMixin, Base):
    __tablename__ = "product"
    id = Column(Integer, primary_key=True)
    category_id = Column(Integer, ForeignKey("category.id", ondelete="CASCADE"), nullable=False, index=True)
    price = Column(Numeric(10, 2))
