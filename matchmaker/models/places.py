"""Places: municipalities with their labour-market region."""
from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base


class Municipality(Base):
    __tablename__ = "municipalities"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)  # CBS code, e.g. GM0153
    name: Mapped[str] = mapped_column(String(80), unique=True)
    province: Mapped[str] = mapped_column(String(40))
    region_code: Mapped[str] = mapped_column(String(40), index=True)  # labour-market region
    region_name: Mapped[str] = mapped_column(String(80))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
