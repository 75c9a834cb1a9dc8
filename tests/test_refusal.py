"""One refusal exception (services.refusal) and one way to turn it into text (bot.refusal)."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.i18n import Translations, Translator
from bot.refusal import refusal_text
from services.evidence.drafts import GeoCheckFailed
from services.evidence.geocheck import GeoVerdict
from services.refusal import Refusal

ROOT = Path(__file__).resolve().parent.parent
RU = Translations().get("ru")
EN = Translations().get("en")


def _exception_classes_with_a_reason() -> list[str]:
    """Classes deriving straight from Exception that keep a `reason`: a refusal look-alike."""
    found = []
    for package in ("bot", "handlers", "services"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef):
                    continue
                bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
                if "Exception" not in bases:
                    continue
                keeps_reason = any(
                    isinstance(target, ast.Attribute) and target.attr == "reason"
                    for assign in ast.walk(node)
                    if isinstance(assign, ast.Assign)
                    for target in assign.targets
                )
                if keeps_reason:
                    found.append(f"{path.relative_to(ROOT)}:{node.name}")
    return found


def test_there_is_one_refusal_exception() -> None:
    assert _exception_classes_with_a_reason() == ["services/refusal.py:Refusal"]


@pytest.mark.parametrize(
    ("refusal", "key", "args"),
    [
        (Refusal("ev-error", "too_many", max=10), "ev-error-too_many", {"max": 10}),
        (
            Refusal("rv-error", "reason_too_long", length=600, limit=500),
            "rv-error-reason_too_long",
            {"length": 600, "limit": 500},
        ),
        (
            Refusal("news-error", "too_long", length=11, limit=10),
            "news-error-too_long",
            {"length": 11, "limit": 10},
        ),
        (Refusal("adm-error", "scope"), "adm-error-scope", {}),
        (Refusal("invite-error", "used"), "invite-error-used", {}),
        (Refusal("adm-invite-gone", "revoked"), "adm-invite-gone-revoked", {}),
    ],
)
@pytest.mark.parametrize("t", [RU, EN], ids=["ru", "en"])
def test_a_refusal_reads_as_its_message(
    t: Translator, refusal: Refusal, key: str, args: dict[str, int]
) -> None:
    text = refusal_text(t, refusal)
    assert refusal.key == key
    assert text == t(key, **refusal.details) and text != key  # the message exists
    if args:
        assert all(str(value) in text for value in args.values())


def test_what_only_the_telegram_side_knows_is_added_and_wins() -> None:
    refusal = Refusal("comment", "too-long")  # the handler knows the limit and the length
    text = refusal_text(RU, refusal, limit=10, length=12)
    assert text == RU("comment-too-long", limit=10, length=12)
    assert "12" in text and "10" in text
    until = datetime(2026, 6, 1, tzinfo=UTC)
    accepted = Refusal("ev-error", "already_accepted", until=until, timezone="Europe/Moscow")
    text = refusal_text(RU, accepted, date="01.06.2026", days=14)
    assert text == RU("ev-error-already_accepted", date="01.06.2026", days=14)


def test_a_subclass_only_adds_what_it_carries() -> None:
    verdict = GeoVerdict(False, "too_far", 450.0, "location")
    failed = GeoCheckFailed(verdict)
    assert isinstance(failed, Refusal) and failed.verdict is verdict
    assert failed.key == "ev-error-geo_failed" and failed.details == {}
    assert refusal_text(RU, failed) == RU("ev-error-geo_failed")
