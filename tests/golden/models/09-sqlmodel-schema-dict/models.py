from decimal import Decimal
from typing import Optional

from pydantic import condecimal
from sqlmodel import Field, SQLModel


class Customer(SQLModel, table=True):
    __table_args__ = {"schema": "billing", "comment": "paying customers"}

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)


class Invoice(SQLModel, table=True):
    __table_args__ = {"schema": "billing"}

    id: Optional[int] = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="billing.customer.id", index=True)
    total: condecimal(max_digits=10, decimal_places=2) = Field(default=Decimal("0"))
