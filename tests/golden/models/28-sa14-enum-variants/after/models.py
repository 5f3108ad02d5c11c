import enum

from sqlalchemy import Column, Enum, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class TicketStatus(enum.Enum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"


class Severity(enum.Enum):
    LOW = "low"
    HIGH = "high"
    CRITICAL = "critical"


class Channel(str, enum.Enum):
    EMAIL = "email"
    CHAT = "chat"
    PHONE = "phone"


class Ticket(Base):
    __tablename__ = "tickets"

    id = Column(Integer, primary_key=True)
    subject = Column(String(200), nullable=False)
    status = Column(Enum(TicketStatus), nullable=False, server_default="NEW")
    severity = Column(
        Enum(Severity, name="ticket_severity", values_callable=lambda e: [m.value for m in e]),
        nullable=False,
    )
    kind = Column(Enum("bug", "feature", name="ticket_kind"), nullable=False)
    channel = Column(Enum(Channel, native_enum=False, length=20))
    source = Column(Enum("web", "api", name="ticket_source", native_enum=False, create_constraint=True))
