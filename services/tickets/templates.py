"""Reply templates (seed 004 §18: a knowledge base of answers to typical requests).

A centre's working group keeps its own (`/templates`: add, edit, remove); the experts of a
region publish region-wide ones, which every centre of the region sees when answering.
Every call re-checks the caller's roles against the template's scope.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.refusal import Refusal
from services.team.roles import Access
from services.text import clean_text
from storage.models import Centre, utcnow
from storage.models_tickets import ReplyTemplate

CENTRE, REGION = "c", "r"
MAX_TEMPLATES = 30  # per scope: a keyboard a phone can show


def may_edit(access: Access, kind: str, code: str) -> bool:
    if kind == CENTRE:
        return access.works_at(code)
    if kind == REGION:
        return access.expert_everywhere or code in access.expert_regions
    return False


def clean_template(text: str | None, limit: int) -> str:
    body = clean_text(text)
    if not body:
        raise Refusal("tickets-error", "answer_empty")
    if len(body) > limit:
        raise Refusal("tickets-error", "answer_too_long", length=len(body), limit=limit)
    return body


class Templates:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_scope(self, kind: str, code: str) -> list[ReplyTemplate]:
        column = ReplyTemplate.centre_code if kind == CENTRE else ReplyTemplate.region_code
        rows = await self.session.scalars(
            select(ReplyTemplate).where(column == code).order_by(ReplyTemplate.id)
        )
        return list(rows)

    async def for_centre(self, centre_code: str) -> list[ReplyTemplate]:
        """What answering a ticket of this centre offers: its own, then its region's."""
        centre = await self.session.get(Centre, centre_code)
        region = centre.region_code if centre is not None else ""
        rows = await self.session.scalars(
            select(ReplyTemplate)
            .where(
                or_(ReplyTemplate.centre_code == centre_code, ReplyTemplate.region_code == region)
            )
            .order_by(ReplyTemplate.region_code.is_not(None), ReplyTemplate.id)
        )
        return list(rows)

    async def add(self, access: Access, kind: str, code: str, text: str) -> ReplyTemplate:
        if not may_edit(access, kind, code):
            raise Refusal("tickets-error", "forbidden")
        if len(await self.of_scope(kind, code)) >= MAX_TEMPLATES:
            raise Refusal("tickets-error", "templates_full", limit=MAX_TEMPLATES)
        template = ReplyTemplate(
            centre_code=code if kind == CENTRE else None,
            region_code=code if kind == REGION else None,
            text=text,
            created_by=access.user_id,
            updated_at=utcnow(),
        )
        self.session.add(template)
        await self.session.flush()
        return template

    async def editable(self, access: Access, template_id: int) -> ReplyTemplate:
        template = await self.session.get(ReplyTemplate, template_id)
        if template is None:
            raise Refusal("tickets-error", "template_gone")
        kind, code = scope_of(template)
        if not may_edit(access, kind, code):
            raise Refusal("tickets-error", "forbidden")
        return template

    async def edit(self, access: Access, template_id: int, text: str) -> ReplyTemplate:
        template = await self.editable(access, template_id)
        template.text, template.updated_at = text, utcnow()
        await self.session.flush()
        return template

    async def remove(self, access: Access, template_id: int) -> ReplyTemplate:
        template = await self.editable(access, template_id)
        await self.session.delete(template)
        await self.session.flush()
        return template

    async def usable(self, access: Access, template_id: int, centre_code: str) -> ReplyTemplate:
        """A template offered for a ticket of `centre_code`: the centre's or its region's."""
        for template in await self.for_centre(centre_code):
            if template.id == template_id:
                return template
        raise Refusal("tickets-error", "template_gone")


def scope_of(template: ReplyTemplate) -> tuple[str, str]:
    if template.centre_code is not None:
        return CENTRE, template.centre_code
    return REGION, template.region_code or ""
