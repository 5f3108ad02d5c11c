from sqlalchemy import Column, Integer, Numeric, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


def money_type(currency_digits=2):
    return Numeric(18, currency_digits)


class LedgerEntry(Base):
    __tablename__ = "ledger_entry"

    id = Column(Integer, primary_key=True)
    account = Column(String(34), nullable=False)
    amount = Column(money_type(), nullable=False)
