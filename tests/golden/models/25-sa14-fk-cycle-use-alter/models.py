from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Department(Base):
    __tablename__ = "department"

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    manager_id = Column(
        Integer,
        ForeignKey("employee.id", use_alter=True, name="fk_department_manager_id_employee"),
    )

    manager = relationship("Employee", foreign_keys=[manager_id], post_update=True)


class Employee(Base):
    __tablename__ = "employee"

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False)
