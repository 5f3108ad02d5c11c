"""Column types shared by the models."""
import base64

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator


class ObfuscatedString(TypeDecorator):
    """Stores a short secret base64-encoded; 40 characters in the database."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else base64.b64encode(value.encode()).decode()

    def process_result_value(self, value, dialect):
        return None if value is None else base64.b64decode(value).decode()


class LowercaseText(TypeDecorator):
    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else value.lower()
