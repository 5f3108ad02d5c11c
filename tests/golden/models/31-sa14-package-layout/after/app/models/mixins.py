from sqlalchemy import Column, DateTime, func


class Timestamped:
    created_at = Column(DateTime(timezone=True), nullable=False, server_default=func.now())
