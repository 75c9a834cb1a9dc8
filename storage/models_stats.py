"""Anonymous daily counters of the survey's first steps, for the /stats funnel.

The questionnaires table knows when a questionnaire was started, answered and completed; what
it cannot know is how many people saw the consent screen and how many agreed, since nothing
is stored before consent. These counters add exactly that and nothing more: a number per UTC
day, centre (empty while no centre is chosen yet) and stage. No key, no id, no time of day.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class FunnelCount(Base):
    __tablename__ = "funnel_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    centre_code: Mapped[str] = mapped_column(String(32), primary_key=True)  # "" = not chosen
    stage: Mapped[str] = mapped_column(String(16), primary_key=True)  # consent_shown | _given
    count: Mapped[int] = mapped_column(Integer, default=0)
