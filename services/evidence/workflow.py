"""Evidence of the checklist: drafts, the geo check, moderation, and expiry reminders.

EvidenceService gathers the steps, one module each: the checklist (services.evidence.checklist),
where photos were taken (.placement), drafts (.drafts), moderation (.review); expiry reminders
are a scheduler job (.expiry), the vocabulary is in .model. The rules are callable without
Telegram; handlers/evidence/ only turns events into these calls. Every call that acts on a row
re-checks the caller's `Access` against that row: a button press (callback data) names a row, it
never grants anything.

Life of an evidence row: `draft` (being assembled by one staff member; survives restarts) →
`pending` (sent for review) → `accepted` | `rejected` (by an expert of the centre's region,
once: a decided row is never decided again; every decision is also appended to
`evidence_decisions`). Accepted evidence counts in X of the centre's checklist while its
`captured_at` lies within the methodology's validity window (services.index.ratings).
"""

from __future__ import annotations

from services.evidence.drafts import Drafts
from services.evidence.review import Review


class EvidenceService(Drafts, Review):
    """Every step of an evidence's life over one session (`EvidenceService(session, rules)`)."""
