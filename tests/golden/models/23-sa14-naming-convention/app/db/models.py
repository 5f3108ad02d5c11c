from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Integer, String, UniqueConstraint

from app.db.base import Base


class Organization(Base):
    __tablename__ = "organization"

    id = Column(Integer, primary_key=True)
    slug = Column(String(50), nullable=False, unique=True)
    name = Column(String(200), nullable=False)


class Project(Base):
    __tablename__ = "project"
    __table_args__ = (
        UniqueConstraint("organization_id", "name"),
        CheckConstraint("char_length(name) > 2", name="name_min_length"),
    )

    id = Column(Integer, primary_key=True)
    organization_id = Column(Integer, ForeignKey("organization.id"), nullable=False, index=True)
    name = Column(String(100), nullable=False)
    archived = Column(Boolean, nullable=False, server_default="false")
