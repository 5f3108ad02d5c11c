from typing import Optional

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class ReportSubscription(SQLModel, table=True):
    __tablename__ = "quarterly_compliance_report_subscription_preferences_per_org"
    __table_args__ = (
        UniqueConstraint(
            "organisation_identifier_from_upstream_crm",
            "notification_delivery_channel_preference",
            name="uq_report_subscription_org_channel",
        ),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    organisation_identifier_from_upstream_crm: str = Field(max_length=64, index=True)
    notification_delivery_channel_preference: str = Field(max_length=16, index=True)
