from typing import Optional

from sqlalchemy import ForeignKeyConstraint
from sqlmodel import Field, SQLModel


class Warehouse(SQLModel, table=True):
    region: str = Field(primary_key=True, max_length=8)
    code: str = Field(primary_key=True, max_length=16)
    city: str


class StockItem(SQLModel, table=True):
    __tablename__ = "stock_item"
    __table_args__ = (
        ForeignKeyConstraint(
            ["warehouse_region", "warehouse_code"],
            ["warehouse.region", "warehouse.code"],
            name="fk_stock_item_warehouse",
            ondelete="RESTRICT",
        ),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    sku: str = Field(max_length=40)
    warehouse_region: str = Field(max_length=8)
    warehouse_code: str = Field(max_length=16)
    quantity: int = 0
