from sqlalchemy import BigInteger, Column, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Site(Base):
    __tablename__ = "site"
    __table_args__ = {"schema": "analytics", "comment": "tracked web properties"}

    id = Column(Integer, primary_key=True)
    domain = Column(String(253), nullable=False, unique=True)


class DailyVisits(Base):
    __tablename__ = "daily_visits"
    __table_args__ = (
        UniqueConstraint("site_id", "day", name="uq_daily_visits_site_day"),
        Index("ix_daily_visits_day", "day"),
        {"schema": "analytics", "comment": "one row per site and day"},
    )

    id = Column(BigInteger, primary_key=True)
    site_id = Column(Integer, ForeignKey("analytics.site.id"), nullable=False)
    day = Column(Date, nullable=False)
    visits = Column(Integer, nullable=False, server_default="0")
    unique_visitors = Column(Integer, nullable=False, server_default="0")


class Referrer(Base):
    __tablename__ = "referrer"
    __table_args__ = {"schema": "analytics"}

    id = Column(Integer, primary_key=True)
    site_id = Column(Integer, ForeignKey("analytics.site.id"), nullable=False, index=True)
    host = Column(String(253), nullable=False)
