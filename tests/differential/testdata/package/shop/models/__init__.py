from .base import Base, audit_metadata
from .catalog import Category, Product
