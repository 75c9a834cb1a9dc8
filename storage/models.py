"""The schema. Changes go through Alembic migrations only (storage/migrations)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names make batch migrations on SQLite and PostgreSQL agree.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Region(Base):
    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))

    centres: Mapped[list[Centre]] = relationship(back_populates="region")


class Centre(Base):
    __tablename__ = "centres"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    # casefolded name with ё→е: SQLite's lower() does not fold Cyrillic.
    name_folded: Mapped[str] = mapped_column(String(300), index=True)
    address: Mapped[str] = mapped_column(String(500))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    timezone: Mapped[str] = mapped_column(String(64))
    # What a button shows: the part that tells the centre from its neighbours, first.
    short_name: Mapped[str | None] = mapped_column(String(100))

    region: Mapped[Region] = relationship(back_populates="centres")


class User(Base):
    """A Telegram user's preferences, under a keyed hash of their id (services.privacy).

    Deliberately no link to answers: the key is made for another purpose than the
    questionnaires' respondent key, so the two cannot be joined.
    """

    __tablename__ = "users"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    language: Mapped[str | None] = mapped_column(String(8))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Staff reminders (issue 5): at most once a week, and never after an opt-out.
    nudges_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    last_nudge_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FeedbackSubscription(Base):
    """A user asked to be told when a centre acts on feedback."""

    __tablename__ = "feedback_subscriptions"

    user_key: Mapped[str] = mapped_column(
        ForeignKey("users.key", ondelete="CASCADE"), primary_key=True
    )
    centre_code: Mapped[str] = mapped_column(ForeignKey("centres.code"), primary_key=True)
    # The chat to write to, encrypted (Pseudonyms.seal): readable only with the secret.
    chat: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CentreNews(Base):
    """What a centre changed after feedback, sent to its subscribers ("you said, we did").

    `author_key` is the author's user pseudonym (Pseudonyms.user), never a Telegram id;
    `author_chat` is where to report "delivered to X of N", sealed (Pseudonyms.seal), so that a
    broadcast resumed by another process still reports. `delivered` and `finished_at` stay NULL
    while the broadcast runs or until a cut-off one is resumed (NewsDelivery).
    """

    __tablename__ = "centre_news"
    __table_args__ = (Index("ix_centre_news_centre_created", "centre_code", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    centre_code: Mapped[str] = mapped_column(ForeignKey("centres.code"))
    text: Mapped[str] = mapped_column(Text)
    author_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recipients: Mapped[int] = mapped_column(Integer)
    delivered: Mapped[int | None] = mapped_column(Integer)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    author_chat: Mapped[str | None] = mapped_column(Text)
    author_language: Mapped[str | None] = mapped_column(String(8))


class NewsDelivery(Base):
    """One recipient of one news broadcast (services.news.deliveries).

    Written with the news row, every subscriber `pending`; then `sent`, `failed` or `blocked`.
    `attempted_at` set on a pending row is a claim: a send is under way (or was cut off there).
    """

    __tablename__ = "news_deliveries"

    news_id: Mapped[int] = mapped_column(
        ForeignKey("centre_news.id", ondelete="CASCADE"), primary_key=True
    )
    user_key: Mapped[str] = mapped_column(
        ForeignKey("users.key", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(8))  # pending | sent | failed | blocked
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Questionnaire(Base):
    """One respondent's pass through the survey for one centre.

    `respondent_key` is an HMAC of the Telegram id, so answers cannot be traced back to an
    account without the server's secret.
    """

    __tablename__ = "questionnaires"
    __table_args__ = (
        Index("ix_questionnaires_respondent_centre", "respondent_key", "centre_code"),
        Index("ix_questionnaires_centre_completed", "centre_code", "completed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    centre_code: Mapped[str] = mapped_column(ForeignKey("centres.code"))
    audience: Mapped[str] = mapped_column(String(16))
    respondent_key: Mapped[str] = mapped_column(String(64))
    methodology: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    comment: Mapped[str | None] = mapped_column(Text)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="questionnaire", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(Base):
    """One row per question; Back updates it in place. NULL value = "hard to say"."""

    __tablename__ = "answers"
    # Covering index for the scoring GROUP BY: it reads this instead of the wider table.
    __table_args__ = (Index("ix_answers_scoring", "questionnaire_id", "indicator", "value"),)

    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(8))
    value: Mapped[int | None] = mapped_column(SmallInteger)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="answers")


class FsmRecord(Base):
    """aiogram FSM state and data, so conversations survive restarts."""

    __tablename__ = "fsm_states"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Requirement(Base):
    """A checklist requirement. `region_code` NULL: the default list; set: a region's own list,
    which replaces the default for that indicator in that region."""

    __tablename__ = "requirements"
    __table_args__ = (Index("ix_requirements_region_indicator", "region_code", "indicator"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    indicator: Mapped[str] = mapped_column(String(8))
    evidence_kind: Mapped[str] = mapped_column(String(16))
    text_ru: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Dropped from the checklist file but kept because evidence points at it: not counted in N.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ObjectiveIndicator(Base):
    """Indicators whose objective part (X of N requirements) counts in a region (seed 000)."""

    __tablename__ = "objective_indicators"

    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(8), primary_key=True)


class Evidence(Base):
    """Proof that a centre meets a requirement; counts in X once an expert accepted it."""

    __tablename__ = "evidence"
    __table_args__ = (
        Index("ix_evidence_centre_requirement_status", "centre_code", "requirement_id", "status"),
        Index("ix_evidence_status_submitted", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    centre_code: Mapped[str] = mapped_column(ForeignKey("centres.code"))
    requirement_id: Mapped[str] = mapped_column(ForeignKey("requirements.id"))
    status: Mapped[str] = mapped_column(String(16))  # draft | pending | accepted | rejected
    submitted_by: Mapped[int] = mapped_column(BigInteger)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the proof was made (photo time): the validity window counts from here.
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime())
    comment: Mapped[str | None] = mapped_column(Text)
    geo_ok: Mapped[bool | None] = mapped_column(Boolean)
    geo_reason: Mapped[str | None] = mapped_column(String(32))
    distance_m: Mapped[float | None] = mapped_column(Float)
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)
    # The location shared for photo_geo evidence, as sent (verdict above).
    location_lat: Mapped[float | None] = mapped_column(Float)
    location_lon: Mapped[float | None] = mapped_column(Float)
    location_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    location_accuracy: Mapped[float | None] = mapped_column(Float)
    location_forwarded: Mapped[bool | None] = mapped_column(Boolean)
    expiry_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    files: Mapped[list[EvidenceFile]] = relationship(
        back_populates="evidence", cascade="all, delete-orphan", passive_deletes=True
    )


class EvidenceFile(Base):
    """A photo or document of an evidence; a copy is kept under MEDIA_DIR by its SHA-256."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # photo | document
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(64), index=True)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    stored_path: Mapped[str | None] = mapped_column(String(500))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(Integer)
    media_group_id: Mapped[str | None] = mapped_column(String(64))
    message_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    exif_lat: Mapped[float | None] = mapped_column(Float)
    exif_lon: Mapped[float | None] = mapped_column(Float)
    exif_taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    evidence: Mapped[Evidence] = relationship(back_populates="files")


class EvidenceDecision(Base):
    """Append-only log of moderation: who decided what, when, and why."""

    __tablename__ = "evidence_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    decided_by: Mapped[int] = mapped_column(BigInteger)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decision: Mapped[str] = mapped_column(String(16))  # accepted | rejected
    reason: Mapped[str | None] = mapped_column(Text)


class Role(Base):
    """A user's role: staff of a centre, expert of a region (or all: scope NULL), admin."""

    __tablename__ = "roles"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "scope", name="uq_roles_user_role_scope"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    role: Mapped[str] = mapped_column(String(16))  # staff | expert | admin
    # staff: a centre code; expert: a region code, or NULL for every region
    scope: Mapped[str | None] = mapped_column(String(32))
    granted_by: Mapped[int | None] = mapped_column(BigInteger)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Person(Base):
    """A role holder (staff, expert, admin) as Telegram named them: staff and experts are
    identified people. Never a respondent: rows are written only for someone holding a role
    (services.team.people). `review_notified_at`: the last "evidence waits" notice to an expert.
    """

    __tablename__ = "people"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    full_name: Mapped[str | None] = mapped_column(String(200))
    username: Mapped[str | None] = mapped_column(String(64))
    named_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Invitation(Base):
    """A single-use deep link granting a role. Only the token's SHA-256 is stored."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str | None] = mapped_column(String(32))
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_by: Mapped[int | None] = mapped_column(BigInteger)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Post(Base):
    """A digest posted to a channel: at most one per channel and ISO week.

    `channel` is the channel's numeric id as Telegram resolves it (getChat), whatever form
    CHANNEL_ID takes. `status`: pending (claimed, nothing sent) → sending (committed before
    the album's Bot API call) → posted | failed (refused before anything was accepted) |
    unknown (sent, no result: only `python -m bot digest --force` posts again) | skipped
    (nothing true to say, services.digest.rules).
    """

    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("channel", "iso_week", name="uq_posts_channel_week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(64))
    iso_week: Mapped[str] = mapped_column(String(8))  # e.g. 2026-W47
    run_id: Mapped[int | None] = mapped_column(ForeignKey("snapshot_runs.id"))
    status: Mapped[str] = mapped_column(String(16))  # see the class docstring
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    message_ids: Mapped[list[int] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the latest attempt's
    send_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ProcessedUpdate(Base):
    """Claimed update_ids, so a redelivered update is processed once (issue 6).

    `finished` stays false while the update is being handled: a claim left unfinished by a
    crash is replayed (polling start) or retaken after a lease (webhook replicas). `payload`
    is the sealed update while it is unfinished, stored before Telegram is told it arrived
    (bot.inbox), and cleared when it is finished.
    """

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    finished: Mapped[bool] = mapped_column(Boolean, default=False, server_default="1")
    payload: Mapped[str | None] = mapped_column(Text)


class SnapshotRun(Base):
    """One computation of every level at one moment; its snapshots share the window."""

    __tablename__ = "snapshot_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    window_end: Mapped[datetime] = mapped_column(UTCDateTime())
    methodology: Mapped[str] = mapped_column(String(32))
    min_respondents: Mapped[int] = mapped_column(Integer)
    min_employers: Mapped[int] = mapped_column(Integer)
    # The bootstrap behind the runs' intervals (METHODOLOGY §8); NULL: taken without them.
    ci_resamples: Mapped[int | None] = mapped_column(Integer)
    ci_level: Mapped[float | None] = mapped_column(Float)
    ci_seed: Mapped[int | None] = mapped_column(BigInteger)


class Snapshot(Base):
    """A level's figures at one run. Append-only history: never updated in place."""

    __tablename__ = "snapshots"
    __table_args__ = (Index("ix_snapshots_level_code_run", "level", "code", "run_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("snapshot_runs.id"), index=True)
    level: Mapped[str] = mapped_column(String(8))  # centre | region | country
    code: Mapped[str] = mapped_column(String(32))
    index: Mapped[float | None] = mapped_column(Float)
    index_seeker: Mapped[float | None] = mapped_column(Float)
    index_employer: Mapped[float | None] = mapped_column(Float)
    # The 95 % interval of each (METHODOLOGY §8); NULL when not computed or undefined.
    index_low: Mapped[float | None] = mapped_column(Float)
    index_high: Mapped[float | None] = mapped_column(Float)
    index_seeker_low: Mapped[float | None] = mapped_column(Float)
    index_seeker_high: Mapped[float | None] = mapped_column(Float)
    index_employer_low: Mapped[float | None] = mapped_column(Float)
    index_employer_high: Mapped[float | None] = mapped_column(Float)
    # {"combined"|"seeker"|"employer": {group code: score}}
    groups: Mapped[dict[str, Any]] = mapped_column(JSON)
    # {indicator code: [subjective, objective, value, valid answers]} of the combined index
    indicators: Mapped[dict[str, Any]] = mapped_column(JSON)
    respondents: Mapped[int] = mapped_column(Integer)
    employers: Mapped[int] = mapped_column(Integer)
    official: Mapped[bool] = mapped_column(Boolean)
    # index minus the previous snapshot's of the same level and code (seed 001 "dynamics")
    delta: Mapped[float | None] = mapped_column(Float)
