from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlmodel import Field, SQLModel


class Base(DeclarativeBase):
    pass


class Invoice(Base):
    __tablename__ = "invoice"
    __table_args__ = (
        sa.Index("ix_invoice_number", "number", postgresql_concurrently=True),
        {"postgresql_partition_by": "RANGE (issued_on)", "info": {"owner": "billing"}},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), nulable=False, doc="as printed")
    issued_on = sa.Column(sa.Date, quote=True)
    lines = relationship("Line", lazy="selectin")


class Payment(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True, description="surrogate key")
    amount: int = Field(ge=0, sa_column_kwargs={"server_defualt": "0"})
