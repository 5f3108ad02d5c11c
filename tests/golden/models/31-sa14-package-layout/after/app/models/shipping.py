from sqlalchemy import Column, ForeignKey, Integer, String

from app.database import Base


class Address(Base):
    __tablename__ = "address"

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("user.id"), nullable=False, index=True)
    line1 = Column(String(200), nullable=False)
    city = Column(String(100), nullable=False)
    country = Column(String(2), nullable=False)
