from enum import Enum
from typing import Optional

from sqlmodel import Field, SQLModel


class Role(str, Enum):
    admin = "admin"
    editor = "editor"
    viewer = "viewer"
    billing = "billing"


class Member(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True)
    role: Role = Field(default=Role.viewer)
    previous_role: Optional[Role] = None
