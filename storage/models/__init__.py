"""The schema, one module per feature; every model is importable from here
(`from storage.models import Evidence`). Changes go through Alembic migrations only
(storage/migrations). A new feature's models go in a new module of this package (or a
storage/models_<feature>.py beside it) importing Base from storage.models, and are imported
here so that Alembic and create_all see them."""

from __future__ import annotations

from storage.models.base import NAMING, Base, UTCDateTime, utcnow
from storage.models.centres import Centre, Region
from storage.models.digest import Post
from storage.models.evidence import (
    Evidence,
    EvidenceDecision,
    EvidenceFile,
    ObjectiveIndicator,
    Requirement,
)
from storage.models.index import Snapshot, SnapshotRun
from storage.models.news import CentreNews, FeedbackSubscription, NewsDelivery
from storage.models.runtime import FsmRecord, ProcessedUpdate
from storage.models.survey import Answer, Questionnaire
from storage.models.team import Invitation, Person, Role
from storage.models.users import User

__all__ = [
    "NAMING",
    "Answer",
    "Base",
    "Centre",
    "CentreNews",
    "Evidence",
    "EvidenceDecision",
    "EvidenceFile",
    "FeedbackSubscription",
    "FsmRecord",
    "Invitation",
    "NewsDelivery",
    "ObjectiveIndicator",
    "Person",
    "Post",
    "ProcessedUpdate",
    "Questionnaire",
    "Region",
    "Requirement",
    "Role",
    "Snapshot",
    "SnapshotRun",
    "UTCDateTime",
    "User",
    "utcnow",
]
