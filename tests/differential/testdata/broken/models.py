# A model module that fails at import time: sa_ddl.py must exit 2 with the traceback.
from sqlmodel import Field, SQLModel


class Broken(SQLModel, table=True):
    id: int = Field(primary_key=True)
    owner: "UndefinedType" = Field(foreign_key=undefined_name)  # noqa: F821
