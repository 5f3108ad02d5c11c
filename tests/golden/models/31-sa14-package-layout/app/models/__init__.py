from app.models.order import Order, OrderLine
from app.models.user import User

__all__ = ["Order", "OrderLine", "User"]
