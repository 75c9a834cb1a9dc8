"""Every command and every kind of button against every role: only the allowed ones act."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.i18n import Translations
from handlers.audit.callbacks import AuditCb
from handlers.digest.callbacks import CommentsCb, MyPracticesCb, PosterCb
from handlers.evidence.callbacks import (
    ChecklistCb,
    RequirementCb,
    ReviewCb,
    ReviewQueueCb,
)
from handlers.exports.callbacks import ExportCb
from handlers.news.callbacks import NewsCb
from handlers.practices.callbacks import AnswerCb, DraftCb, QueueCb
from handlers.practices.callbacks import ReviewCb as PracticeReviewCb
from handlers.profiles.callbacks import ProfilesCb
from handlers.roadmap.callbacks import RoadmapCb
from handlers.team.callbacks import InviteCb, InvitesCb, RolesCb
from handlers.tickets.callbacks import TkCb, TplCb
from services.team.roles import EXPERT, STAFF
from storage.models import Evidence, Requirement, Role, utcnow
from storage.models_practices import Practice, PracticeQuestion
from storage.models_tickets import Ticket
from tests.evidence_support import ADMIN_ID, SM, grant
from tests.harness import Person

RU = Translations().get("ru")
RESPONDENT, STAFF_OTHER, EXPERT_OTHER, ADMIN = 5101, 5102, 5103, ADMIN_ID
ROLES = {
    "respondent": RESPONDENT,
    "staff of another centre": STAFF_OTHER,
    "expert of another region": EXPERT_OTHER,
    "admin": ADMIN,
}

# command -> the refusal a role gets, or None where the role may use it
COMMANDS = {
    "/checklist": {
        "respondent": "ev-not-staff",
        "staff of another centre": None,
        "expert of another region": "ev-not-staff",
        "admin": "ev-not-staff",
    },
    "/review": {
        "respondent": "rv-not-expert",
        "staff of another centre": "rv-not-expert",
        "expert of another region": None,
        "admin": None,
    },
    "/invite": {
        "respondent": "adm-not-admin",
        "staff of another centre": "adm-not-admin",
        "expert of another region": "adm-not-admin",
        "admin": None,
    },
    "/invites": {
        "respondent": "adm-not-admin",
        "staff of another centre": "adm-not-admin",
        "expert of another region": "adm-not-admin",
        "admin": None,
    },
    "/roles": {
        "respondent": "adm-roles-not-allowed",
        "staff of another centre": "adm-roles-not-allowed",
        "expert of another region": None,
        "admin": None,
    },
    "/news": {
        "respondent": "news-not-staff",
        "staff of another centre": None,  # their centre has no subscribers: told so
        "expert of another region": "news-not-staff",
        "admin": "news-not-staff",
    },
    "/practice": {
        "respondent": "practices-not-allowed",
        "staff of another centre": None,
        "expert of another region": None,
        "admin": "practices-not-allowed",
    },
    "/practice_review": {
        "respondent": "practices-review-not-expert",
        "staff of another centre": "practices-review-not-expert",
        "expert of another region": None,
        "admin": None,
    },
    "/my_index": {
        "respondent": "mi-only-staff",
        "staff of another centre": None,
        "expert of another region": None,
        "admin": None,
    },
    "/tickets": {
        "respondent": "tickets-not-staff",
        "staff of another centre": None,
        "expert of another region": None,
        "admin": None,
    },
    "/profiles": {
        "respondent": "profiles-not-allowed",
        "staff of another centre": None,  # the profiles of their centre's region
        "expert of another region": None,  # those of their region
        "admin": None,  # asked which region
    },
    "/roadmap": {
        "respondent": "roadmap-not-allowed",
        "staff of another centre": None,
        "expert of another region": None,
        "admin": None,
    },
    "/templates": {
        "respondent": "tickets-templates-not-allowed",
        "staff of another centre": None,  # their own centre's templates
        "expert of another region": None,  # region-wide ones of their region
        "admin": "tickets-templates-not-allowed",
    },
    "/poster": {
        "respondent": "mi-poster-not-allowed",
        "staff of another centre": None,  # their own centre's poster
        "expert of another region": "mi-poster-not-allowed",
        "admin": None,  # told to name a centre: admins may print any
    },
    "/stats": {
        "respondent": "stats-not-allowed",
        "staff of another centre": "stats-not-allowed",
        "expert of another region": None,  # their region
        "admin": None,  # the country
    },
    "/export": {
        "respondent": "exports-not-allowed",
        "staff of another centre": None,  # their centre's exports
        "expert of another region": None,  # their region's
        "admin": None,
    },
    "/audit": {
        "respondent": "audit-not-admin",
        "staff of another centre": "audit-not-admin",
        "expert of another region": "audit-not-admin",
        "admin": None,
    },
}
EVERYONE = ("/help", "/language", "/forget", "/practices", "/ask")


@pytest.fixture
async def people(user: Person, sessionmaker: SM, checklist: None) -> dict[str, Person]:
    await grant(sessionmaker, STAFF_OTHER, STAFF, "77-sao")
    await grant(sessionmaker, EXPERT_OTHER, EXPERT, "16")
    return {name: user.as_user(uid) for name, uid in ROLES.items()}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("role", sorted(ROLES))
async def test_command_access(people: dict[str, Person], command: str, role: str) -> None:
    person = people[role]
    await person.send(command)
    refusal = COMMANDS[command][role]
    reply = person.last().text
    if refusal is None:
        assert not any(
            reply == RU(key) for key in {k for r in COMMANDS.values() for k in r.values() if k}
        )
    else:
        assert reply == RU(refusal)


@pytest.mark.parametrize("command", EVERYONE)
@pytest.mark.parametrize("role", sorted(ROLES))
async def test_everyone_commands(people: dict[str, Person], command: str, role: str) -> None:
    person = people[role]
    await person.send(command)
    assert person.messages() and "Извините" not in person.last().text


REFUSALS = {
    RU(key)
    for key in (
        "ev-error-forbidden",
        "rv-error-forbidden",
        "rv-not-expert",
        "adm-error-forbidden",
        "adm-error-gone",  # a role outside your regions is not even shown to exist
        "adm-not-admin",
        "adm-roles-not-allowed",
        "ev-not-staff",
        "stale-button",
        "news-error-forbidden",
        "news-error-stale",
        "mi-tools-forbidden",
        "mi-only-staff",
        "practices-error-forbidden",
        "practices-error-no_draft",
        "exports-error-forbidden",
        "audit-not-admin",
        "tickets-error-forbidden",
        "profiles-error-forbidden",
        "roadmap-error-forbidden",
    )
}


async def pending_in_moscow(sm: SM) -> int:
    async with sm.begin() as session:
        requirement = await session.scalar(
            select(Requirement.id).where(Requirement.indicator == "K1").limit(1)
        )
        assert requirement is not None
        item = Evidence(
            centre_code="77-cao",
            requirement_id=requirement,
            status="pending",
            submitted_by=4444,
            submitted_at=utcnow(),
            captured_at=utcnow(),
        )
        session.add(item)
        await session.flush()
        return item.id


async def practices_in_moscow(sm: SM) -> tuple[int, int, int]:
    """A pending practice, someone's draft and a question to its author (user 4444)."""
    async with sm.begin() as session:
        rows = [
            Practice(
                centre_code="77-cao", region_code="77", author_id=4444, status=status,
                title="Практика", indicators=" M7 ", groups=" M ", search_text="практика",
                post_attempts=0, created_at=utcnow(),
            )
            for status in ("pending", "draft")
        ]  # fmt: skip
        session.add_all(rows)
        await session.flush()
        question = PracticeQuestion(
            practice_id=rows[0].id, asker_key="k", asker_chat="sealed", text="?",
            created_at=utcnow(),
        )  # fmt: skip
        session.add(question)
        await session.flush()
        return rows[0].id, rows[1].id, question.id


async def question_to_moscow(sm: SM) -> int:
    async with sm.begin() as session:
        item = Ticket(
            centre_code="77-cao", region_code="77", status="open", route="group",
            due_at=utcnow(), reaction_due_at=utcnow(), created_at=utcnow(),
        )  # fmt: skip
        session.add(item)
        await session.flush()
        return item.id


async def test_buttons_recheck_permission(people: dict[str, Person], sessionmaker: SM) -> None:
    evidence_id = await pending_in_moscow(sessionmaker)
    pending, draft, question = await practices_in_moscow(sessionmaker)
    ticket_id = await question_to_moscow(sessionmaker)
    async with sessionmaker() as session:
        role_id = await session.scalar(select(Role.id).where(Role.user_id == STAFF_OTHER))
    assert role_id is not None
    # Each button pressed by every role; where a role is not allowed, it is refused and
    # nothing changes. (What the allowed roles do is covered by the feature tests.)
    buttons = {
        ChecklistCb(c="77-cao").pack(): set(),  # nobody here works at 77-cao
        RequirementCb(c="77-cao", i="K1", n=1).pack(): set(),
        ReviewCb(action="accept", e=evidence_id).pack(): {"admin"},  # region 77
        InviteCb(step="make", role="staff", code="77-cao").pack(): {"admin"},
        RolesCb(action="revoke", role_id=role_id).pack(): {"admin"},
        InvitesCb(action="page", page=0).pack(): {"admin"},
        ReviewQueueCb().pack(): {"admin", "expert of another region"},
        NewsCb(action="pick", c="77-cao").pack(): set(),
        NewsCb(action="send", c="77-cao").pack(): set(),
        CommentsCb(c="77-cao").pack(): set(),  # only the centre's working group
        CommentsCb(c="77-cao", p=1, e=True).pack(): set(),
        PosterCb(c="77-cao").pack(): {"admin"},
        PracticeReviewCb(action="accept", p=pending).pack(): {"admin"},  # region 77
        PracticeReviewCb(action="reject", p=pending).pack(): {"admin"},
        DraftCb(action="centre", v="77-cao").pack(): set(),
        DraftCb(action="submit", p=draft).pack(): set(),  # only its author
        AnswerCb(q=question).pack(): set(),  # only the practice's author
        # /my_index: a practice of 77-cao opens for its staff and author only; the list and the
        # queue are rebuilt from the presser's own roles.
        MyPracticesCb(action="open", p=pending).pack(): set(),
        MyPracticesCb(action="list", page=1).pack(): {"staff of another centre"},
        QueueCb().pack(): {"admin", "expert of another region"},
        ExportCb(k="audit", f="xlsx").pack(): {"admin"},
        ExportCb(k="comments", f="csv").pack(): {"staff of another centre"},  # their own centre
        ExportCb(k="answers", f="xlsx").pack(): {
            "staff of another centre",
            "expert of another region",
            "admin",
        },
        AuditCb(a="show").pack(): {"admin"},
        AuditCb(a="people", k=1).pack(): {"admin"},
        # a question to 77-cao: only its working group and region 77's experts act on it
        **{TkCb(action=a, t=ticket_id).pack(): set() for a in ("take", "answer", "pass", "show")},
        TplCb(action="add", k="c", c="77-cao").pack(): set(),
        TplCb(action="add", k="r", c="77").pack(): set(),  # only region 77's experts
        # Region 52 has nobody of these roles but the admin.
        ProfilesCb(a="region", r="52").pack(): {"admin"},
        ProfilesCb(a="new", r="52").pack(): set(),  # only its working group writes
        ProfilesCb(a="kind", r="52", k="seekers").pack(): set(),
        RoadmapCb(a="region", r="52").pack(): {"admin"},
        RoadmapCb(a="start", r="52").pack(): {"admin"},
        RoadmapCb(a="meet", r="52").pack(): set(),
        RoadmapCb(a="meetings", r="52").pack(): {"admin"},
    }
    for person in people.values():
        await person.send("/help")  # a message of the bot to press buttons on
    for data, allowed in buttons.items():
        for name, person in people.items():
            if name in allowed:
                continue
            before = len(person.session.alerts)
            await person.press(data, person.last())
            alerts = {a.text for a in person.session.alerts[before:] if a.text}
            assert alerts & REFUSALS, (data, name, alerts)
    async with sessionmaker() as session:
        item = await session.get(Evidence, evidence_id)
        assert item is not None and item.status == "pending"
        revoked = await session.get(Role, role_id)
        assert revoked is not None
        practice = await session.get(Practice, pending)
        assert practice is not None and practice.status == "pending"
        mine = await session.get(Practice, draft)
        assert mine is not None and mine.status == "draft"
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None and ticket.status == "open" and ticket.escalated_at is None
