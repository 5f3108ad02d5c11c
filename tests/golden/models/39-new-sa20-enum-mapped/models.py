import enum
from typing import Literal, Optional

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Status(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Visibility(str, enum.Enum):
    PUBLIC = "public"
    MEMBERS = "members"


class Base(DeclarativeBase):
    type_annotation_map = {
        Visibility: sa.Enum(Visibility, name="visibility_kind", values_callable=lambda e: [m.value for m in e]),
    }


class Article(Base):
    __tablename__ = "article"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status] = mapped_column(default=Status.DRAFT)
    previous_status: Mapped[Optional[Status]]
    visibility: Mapped[Visibility]
    kind: Mapped[Literal["note", "link"]]
