from .base import IdMixin, TimestampMixin
from .item import Item
from .user import User, UserBase

__all__ = ["IdMixin", "TimestampMixin", "Item", "User", "UserBase"]
