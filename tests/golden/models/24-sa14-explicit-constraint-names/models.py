from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, Numeric, PrimaryKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Currency(Base):
    __tablename__ = "currency"
    __table_args__ = (PrimaryKeyConstraint("code", name="currency_pkey_code"),)

    code = Column(String(3))
    name = Column(String(60), nullable=False)


class Price(Base):
    __tablename__ = "price"
    __table_args__ = (
        UniqueConstraint("product_id", "currency_code", name="price_product_currency_key"),
        CheckConstraint("amount >= 0", name="price_amount_nonnegative"),
        Index("price_by_currency", "currency_code", "amount"),
    )

    id = Column(Integer, primary_key=True)
    product_id = Column(Integer, nullable=False)
    currency_code = Column(
        String(3), ForeignKey("currency.code", name="price_currency_fkey", onupdate="CASCADE"), nullable=False
    )
    amount = Column(Numeric(12, 4), nullable=False)
