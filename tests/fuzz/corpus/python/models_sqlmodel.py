"""Models for the task tracker."""
from __future__ import annotations

import enum
import uuid
from datetime import datetime, date
from decimal import Decimal
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Column, Field, Relationship, SQLModel


class Priority(str, enum.Enum):
    low = "low"
    high = "high"


class TimestampMixin(SQLModel):
    created_at: datetime = Field(default_factory=datetime.utcnow, nullable=False)
    updated_at: Optional[datetime] = Field(
        default=None,
        sa_column_kwargs={"onupdate": sa.func.now(), "server_default": sa.text("now()")},
    )


class Team(TimestampMixin, table=True):
    __tablename__ = "teams"
    __table_args__ = (
        sa.UniqueConstraint("name", "org_id", name="uq_team_name_org"),
        sa.Index("ix_team_org", "org_id"),
        {"comment": "a team"},
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=120)
    org_id: uuid.UUID = Field(foreign_key="orgs.id", ondelete="CASCADE")
    budget: Decimal = Field(default=0, max_digits=12, decimal_places=2)
    tags: List[str] = Field(default_factory=list, sa_column=Column(postgresql.ARRAY(sa.String())))
    heroes: List["Hero"] = Relationship(back_populates="team")


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    secret_name: str = Field(sa_type=sa.Text, nullable=True)
    age: Optional[int] = Field(default=None, index=True)
    born: date | None = None
    priority: Priority = Field(default=Priority.low)
    team_id: Optional[int] = Field(default=None, foreign_key="teams.id")
    team: Optional[Team] = Relationship(back_populates="heroes")

    def describe(self, *, verbose: bool = False) -> str:
        """Human readable."""
        if verbose and self.age is not None and self.age > 30:
            return f"{self.name} ({self.age!r:>5}) aka {self.secret_name}"
        elif self.team is None:
            return self.name
        else:
            return "%s of %s" % (self.name, self.team.name)

    @property
    def initials(self) -> str:
        return "".join(part[0].upper() for part in self.name.split() if part)

    @classmethod
    async def fetch(cls, session, *ids: int, **filters) -> list["Hero"]:
        async with session.begin():
            result = await session.execute(sa.select(cls).where(cls.id.in_(ids)).filter_by(**filters))
        return [row for row, in result]
