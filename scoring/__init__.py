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
from scoring.interval import (
    BootstrapParams,
    BootstrapUnit,
    Bounds,
    Interval,
    bootstrap_index,
    bootstrap_many,
    questionnaire_rows,
    unit_seed,
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
from scoring.ranking import Span, on_par, on_par_with_neighbours, tied_at

__all__ = [
    "AUDIENCES",
    "DEFAULT_METHODOLOGY",
    "Answers",
    "AudienceResults",
    "BootstrapParams",
    "BootstrapUnit",
    "Bounds",
    "Checklist",
    "Group",
    "IndexResult",
    "Indicator",
    "IndicatorResult",
    "Interval",
    "Methodology",
    "MethodologyError",
    "SampleRules",
    "Span",
    "bootstrap_index",
    "bootstrap_many",
    "compute_audiences",
    "compute_audiences_from_tallies",
    "compute_index",
    "load_methodology",
    "on_par",
    "on_par_with_neighbours",
    "pool_answers",
    "pool_checklists",
    "questionnaire_rows",
    "round2",
    "shipped_methodologies",
    "tied_at",
    "to_display_scale",
    "unit_seed",
]
