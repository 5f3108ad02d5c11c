import uuid

from sqlalchemy import BigInteger, Column, DateTime, Float, Integer, LargeBinary, Numeric, SmallInteger, String, Text, func
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY, INET, JSONB, TSVECTOR, UUID
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Document(Base):
    __tablename__ = "documents"

    id = Column(BigInteger, primary_key=True)
    public_id = Column(UUID(as_uuid=True), nullable=False, unique=True, default=uuid.uuid4)
    title = Column(String(50), nullable=False)
    body = Column(Text, nullable=False)
    metadata_ = Column("metadata", JSONB, nullable=False, server_default="{}")
    raw = Column(postgresql.JSON)
    labels = Column(ARRAY(String), nullable=False, server_default="{}")
    scores = Column(ARRAY(Float, dimensions=2))
    search_vector = Column(TSVECTOR)
    author_ip = Column(INET)
    size_bytes = Column(Integer)
    revision = Column(SmallInteger, nullable=False, server_default="1")
    checksum = Column(LargeBinary)
    price = Column(Numeric(10, 2))
    created_at = Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    synced_at = Column(DateTime)
