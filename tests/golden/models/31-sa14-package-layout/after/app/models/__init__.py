from app.models.order import Order, OrderLine
from app.models.shipping import Address
from app.models.user import User

__all__ = ["Address", "Order", "OrderLine", "User"]
