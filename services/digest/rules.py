"""What the public digest may say (issue 9): no empty posts, no figures from a handful of
questionnaires.

A level (the country, a region) *counts* in the public digest when its snapshot has an index
and at least `DIGEST_MIN_QUESTIONNAIRES` completed questionnaires — job seekers and employers
together — in the rating window of that snapshot (`RATING_WINDOW_DAYS`). A level that does not
count is shown in the public digest as having no data: it is left out of the leaders, the
preliminary list, the risers and fallers, the rating chart's bars and the trend lines (a trend
point of a week in which it did not count is a gap), and a change since last week is only
computed between two weeks that both count. /my_index and `python -m bot index` still show it,
marked preliminary (the official 100 / 20 rule is far above this minimum).

The digest has something true to say only when the country counts; otherwise nothing is
posted and the week is recorded as skipped with the reason (handlers.digest.post).
No aiogram here: `digest --dry-run` uses it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from charts import Digest
from storage.models import Snapshot

SkipReason = Literal["too-few", "no-index"]


def counts(snapshot: Snapshot | None, minimum: int) -> bool:
    """Whether a level's snapshot may appear with its figures in the public digest."""
    return snapshot is not None and snapshot.index is not None and snapshot.respondents >= minimum


def public_index(snapshot: Snapshot | None, minimum: int) -> float | None:
    """The index as the public digest shows it: None for a level that does not count."""
    return snapshot.index if snapshot is not None and counts(snapshot, minimum) else None


@dataclass(frozen=True, slots=True)
class Skip:
    """Why a week's digest is not posted."""

    reason: SkipReason
    questionnaires: int  # the country's, in the window
    minimum: int

    def describe(self) -> str:
        """For the `posts.error` column and the log (admins get a translated text)."""
        if self.reason == "too-few":
            return (
                f"skipped: {self.questionnaires} questionnaires in the country,"
                f" fewer than DIGEST_MIN_QUESTIONNAIRES={self.minimum}"
            )
        return f"skipped: no country index from {self.questionnaires} questionnaires"


def nothing_to_say(digest: Digest, minimum: int) -> Skip | None:
    """The reason not to post `digest`, or None when the country counts."""
    if digest.country_respondents < minimum:
        return Skip("too-few", digest.country_respondents, minimum)
    if digest.country_index is None:
        return Skip("no-index", digest.country_respondents, minimum)
    return None
