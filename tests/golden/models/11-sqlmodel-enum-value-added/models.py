import enum
from typing import Optional

from sqlmodel import Field, SQLModel


class OrderState(enum.Enum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"


class Shipment(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    state: OrderState = Field(default=OrderState.PENDING, index=True)
    carrier: Optional[str] = Field(default=None, max_length=40)
