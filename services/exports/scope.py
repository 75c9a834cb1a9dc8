"""Who may export what (issue 15): staff their centres, experts their regions, admins all.

| kind     | staff          | expert          | admin |
|----------|----------------|-----------------|-------|
| rating   | their centres  | their regions   | all   |
| answers  | their centres, with the comments | their regions, no comments | all, no comments |
| evidence | their centres  | their regions   | all   |
| comments | their centres  | —               | —     |
| audit    | —              | —               | all   |

Every call re-checks the caller's Access: a button or a command line carries no authority.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute

from services.exports.workbook import FORMATS
from services.refusal import Refusal
from services.team.roles import Access
from storage.models import Centre

RATING, ANSWERS, EVIDENCE, COMMENTS, AUDIT = "rating", "answers", "evidence", "comments", "audit"
KINDS = (RATING, ANSWERS, EVIDENCE, COMMENTS, AUDIT)


@dataclass(frozen=True, slots=True)
class ExportScope:
    everything: bool = False
    centres: frozenset[str] = frozenset()  # the caller's own centres (staff)
    regions: frozenset[str] = frozenset()  # the caller's regions (expert)
    admin: bool = False

    @classmethod
    def of(cls, access: Access) -> ExportScope:
        return cls(
            everything=access.admin or access.expert_everywhere,
            centres=access.staff_centres,
            regions=access.expert_regions,
            admin=access.admin,
        )

    @classmethod
    def operator(cls) -> ExportScope:
        """The command line: whoever runs it operates the server and reads the database."""
        return cls(everything=True, admin=True)

    @property
    def is_expert_or_admin(self) -> bool:
        return self.everything or bool(self.regions)

    def centre_filter(self, code: InstrumentedAttribute[str]) -> ColumnElement[bool]:
        """SQL: the centre `code` is one the caller may see."""
        if self.everything:
            return true()
        parts: list[ColumnElement[bool]] = []
        if self.centres:
            parts.append(code.in_(sorted(self.centres)))
        if self.regions:
            parts.append(
                code.in_(select(Centre.code).where(Centre.region_code.in_(sorted(self.regions))))
            )
        return or_(*parts) if parts else false()

    def sees_centre(self, code: str, region: str | None) -> bool:
        return self.everything or code in self.centres or (region or "") in self.regions

    def sees_region(self, region: str) -> bool:
        return self.everything or region in self.regions

    def sees_level(self, level: str, code: str, region: str | None) -> bool:
        """A rating row: the country for admins and experts everywhere, a region or a centre
        as above."""
        if level == "country":
            return self.everything
        if level == "region":
            return self.sees_region(code)
        return self.sees_centre(code, region)


def allowed(scope: ExportScope, kind: str) -> bool:
    if kind in (RATING, ANSWERS, EVIDENCE):
        return scope.everything or bool(scope.centres or scope.regions)
    if kind == COMMENTS:
        return bool(scope.centres)
    if kind == AUDIT:
        return scope.admin
    return False


def check(scope: ExportScope, kind: str, fmt: str) -> None:
    """The one gate of every export, chat or command line: a known kind and format, and a
    caller whose roles allow that kind (re-checked on the server for every press)."""
    if kind not in KINDS:
        raise Refusal("exports-error", "kind")
    if fmt not in FORMATS:
        raise Refusal("exports-error", "format")
    if not allowed(scope, kind):
        raise Refusal("exports-error", "forbidden")


def kinds_for(scope: ExportScope) -> list[str]:
    return [kind for kind in KINDS if allowed(scope, kind)]
