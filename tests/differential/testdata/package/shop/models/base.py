from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text, func
from sqlalchemy.orm import declarative_base

Base = declarative_base()

# A second MetaData, used by Core tables only: sa_ddl.py must find it in module globals.
audit_metadata = MetaData()

audit_log = Table(
    "audit_log",
    audit_metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), server_default=func.now(), nullable=False),
    Column("entry", Text),
)


class TimestampMixin:
    created_at = Column(DateTime, server_default=func.now())
