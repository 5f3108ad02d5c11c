from sqlalchemy import Column, Date, ForeignKey, Integer, MetaData, SmallInteger, String
from sqlalchemy.orm import registry, relationship

metadata = MetaData()
mapper_registry = registry(metadata=metadata)


@mapper_registry.mapped
class Author:
    __tablename__ = "authors"

    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False)
    born = Column(Date)

    books = relationship("Book", back_populates="author")


@mapper_registry.mapped
class Book:
    __tablename__ = "books"

    id = Column(Integer, primary_key=True)
    title = Column(String(300), nullable=False, index=True)
    author_id = Column(ForeignKey("authors.id"), nullable=False)
    edition = Column(SmallInteger, nullable=False, server_default="1")

    author = relationship(Author, back_populates="books")
