from sqlalchemy import Column, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import relationship

from app.database import Base
from app.models.mixins import Timestamped


class Order(Timestamped, Base):
    __tablename__ = "order"

    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("user.id"), nullable=False)
    status = Column(String(20), nullable=False, server_default="new")
    shipping_address_id = Column(Integer, ForeignKey("address.id"))

    customer = relationship("User", back_populates="orders")
    lines = relationship("OrderLine", cascade="all, delete-orphan")


class OrderLine(Base):
    __tablename__ = "order_line"

    order_id = Column(Integer, ForeignKey("order.id", ondelete="CASCADE"), primary_key=True)
    line_no = Column(Integer, primary_key=True, autoincrement=False)
    product = Column(String(100), nullable=False)
    unit_price = Column(Numeric(10, 2), nullable=False)
    quantity = Column(Integer, nullable=False, server_default="1")
