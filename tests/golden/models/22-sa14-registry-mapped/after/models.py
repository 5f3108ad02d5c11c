from sqlalchemy import Column, Date, ForeignKey, Integer, MetaData, SmallInteger, String
from sqlalchemy.orm import registry, relationship

metadata = MetaData()
mapper_registry = registry(metadata=metadata)
Base = mapper_registry.generate_base()


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
    author_id = Column(ForeignKey("authors.id", ondelete="CASCADE"), nullable=False)
    edition = Column(SmallInteger, nullable=False, server_default="1")
    isbn = Column(String(13), unique=True)

    author = relationship(Author, back_populates="books")


class Review(Base):
    __tablename__ = "reviews"

    id = Column(Integer, primary_key=True)
    book_id = Column(ForeignKey("books.id"), nullable=False, index=True)
    stars = Column(SmallInteger, nullable=False)
