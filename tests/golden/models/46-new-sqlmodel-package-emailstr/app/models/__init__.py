from .base import TimestampMixin
from .item import Item
from .user import User

__all__ = ["TimestampMixin", "Item", "User"]
