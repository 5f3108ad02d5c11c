from sqlalchemy import Column, Integer, String, Text
from sqlalchemy.orm import declarative_base

Base = declarative_base()

LANGUAGES = ("en", "nl", "de")


class Article(Base):
    __tablename__ = "article"

    id = Column(Integer, primary_key=True)
    slug = Column(String(120), nullable=False, unique=True)

    for _lang in LANGUAGES:
        locals()[f"title_{_lang}"] = Column(String(200))
        locals()[f"body_{_lang}"] = Column(Text)
    del _lang
