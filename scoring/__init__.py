"""The customer-centricity index as a pure library (METHODOLOGY.md §7).

No database and no Telegram here, so that the bot, the CLI and outside checks all compute the
same figures from the same inputs.
"""

from scoring.index import (
    Answers,
    AudienceResults,
    Checklist,
    IndexResult,
    IndicatorResult,
    compute_audiences,
    compute_audiences_from_tallies,
    compute_index,
    pool_answers,
    pool_checklists,
    round2,
    to_display_scale,
)
from scoring.methodology import (
    AUDIENCES,
    DEFAULT_METHODOLOGY,
    Group,
    Indicator,
    Methodology,
    MethodologyError,
    SampleRules,
    load_methodology,
    shipped_methodologies,
)

__all__ = [
    "AUDIENCES",
    "DEFAULT_METHODOLOGY",
    "Answers",
    "AudienceResults",
    "Checklist",
    "Group",
    "IndexResult",
    "Indicator",
    "IndicatorResult",
    "Methodology",
    "MethodologyError",
    "SampleRules",
    "compute_audiences",
    "compute_audiences_from_tallies",
    "compute_index",
    "load_methodology",
    "pool_answers",
    "pool_checklists",
    "round2",
    "shipped_methodologies",
    "to_display_scale",
]
