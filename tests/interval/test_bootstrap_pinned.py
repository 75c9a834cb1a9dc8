"""The bootstrap's figures pinned for fixed seeds (issue 15).

The intervals are reproducible: a stored snapshot must be recomputable by
``bootstrap_index`` however the code computing them is later made faster. These figures were
produced by the implementation as it was before the speed work of issue 15, over a small
synthetic set of levels of the sizes a snapshot meets (empty, one person, the centres' tiny
employer samples, a region-sized sample), with and without a checklist, with missed
indicators and audiences answering only their own indicators.
"""

from __future__ import annotations

import numpy as np

from scoring import BootstrapUnit, bootstrap_many, load_methodology, questionnaire_rows, unit_seed
from scoring.index import Answers

STAR = load_methodology("star-2023")
CODES = STAR.indicator_codes
SEEKER = tuple(i.code for i in STAR.indicators if "seeker" in i.audiences)
EMPLOYER = tuple(i.code for i in STAR.indicators if "employer" in i.audiences)
SIZES = (0, 1, 1, 2, 2, 2, 3, 3, 4, 5, 7, 12, 12, 40, 250)


def people(rng: np.random.Generator, n: int, codes: tuple[str, ...]) -> list[Answers]:
    lean = rng.uniform(-1.5, 1.0)
    out: list[Answers] = []
    for _ in range(n):
        mood = rng.normal(lean, 0.8)
        out.append(
            {
                code: [
                    None
                    if rng.random() < 0.1
                    else int(min(5, max(1, round(3.8 + mood + rng.normal(0, 0.7)))))
                ]
                for code in codes
            }
        )
    return out


def units() -> list[BootstrapUnit]:
    rng = np.random.default_rng(20261201)
    out: list[BootstrapUnit] = []
    for n, size in enumerate(SIZES):
        for audience, codes in (("seeker", SEEKER), ("employer", EMPLOYER), ("all", CODES)):
            checklist = {"D1": (1, 2), CODES[-1]: (3, 4)} if n % 3 == 0 else {}
            rows = questionnaire_rows(STAR, people(rng, size, codes))
            out.append(BootstrapUnit(rows, checklist, unit_seed(7, "centre", str(n), audience)))
    return out


def test_pinned_bounds_are_reproduced() -> None:
    found = bootstrap_many(STAR, units(), resamples=300)
    assert len(found) == len(PINNED)
    for n, (bounds, (low, high, undefined)) in enumerate(zip(found, PINNED, strict=True)):
        assert bounds.undefined == undefined, n
        for got, want in ((bounds.low, low), (bounds.high, high)):
            if want is None:
                assert got is None, n
            else:
                assert got is not None and abs(got - want) <= 1e-9, (n, got, want)


def test_pinned_bounds_at_the_default_resamples() -> None:
    # B = 1,000, the snapshot's, for a few units of different sizes.
    chosen = [units()[i] for i in PINNED_1000_UNITS]
    found = bootstrap_many(STAR, chosen)
    for bounds, (low, high, undefined) in zip(found, PINNED_1000, strict=True):
        assert (bounds.undefined, bounds.low is None) == (undefined, low is None)
        if low is not None and high is not None:
            assert bounds.low is not None and bounds.high is not None
            assert abs(bounds.low - low) <= 1e-9 and abs(bounds.high - high) <= 1e-9


PINNED_1000_UNITS = (3, 9, 16, 33, 39, 43, 44)

PINNED = [
    (None, None, 300),
    (None, None, 300),
    (None, None, 300),
    (1.0166666507720947, 1.0166666507720947, 0),
    (5.899999618530273, 5.90000057220459, 0),
    (8.850000381469727, 8.850000381469727, 0),
    (5.974999904632568, 5.975000381469727, 0),
    (None, None, 300),
    (7.431818008422852, 7.431818008422852, 0),
    (7.825, 8.59, 0),
    (6.96250057220459, 8.3, 0),
    (3.700000286102295, 7.1049999999999995, 0),
    (1.065, 7.92, 0),
    (None, None, 77),
    (6.95, 9.225, 0),
    (3.0386363636363636, 8.875, 0),
    (None, None, 75),
    (7.040909090909091, 8.825, 0),
    (1.100000023841858, 5.0125, 0),
    (2.0999999046325684, 4.949999809265137, 0),
    (4.775000095367432, 7.385681818181818, 0),
    (4.3100000000000005, 9.809999999999999, 0),
    (7.286363636363637, 9.025, 10),
    (4.275000095367432, 7.175, 0),
    (2.65625, 5.887499809265137, 0),
    (5.943750381469727, 9.862499237060547, 0),
    (0.925000011920929, 4.261406445503227, 0),
    (6.947500000000001, 9.225000381469727, 0),
    (2.350000023841858, 5.200750279426574, 0),
    (2.4757500827312473, 5.252500534057617, 0),
    (3.6179823458194735, 6.2944689154624935, 0),
    (3.4849018037319186, 5.294732439517975, 0),
    (7.522133898735047, 9.579512143135071, 0),
    (7.316279029846192, 8.488636803627013, 0),
    (8.206328916549683, 9.412437748908996, 0),
    (7.437331330776215, 8.64255278110504, 0),
    (4.826112687587739, 7.101049399375915, 0),
    (5.4926952719688416, 6.81040312051773, 0),
    (5.665416240692139, 6.841085326671599, 0),
    (4.096962606906891, 5.279088234901428, 0),
    (6.053740525245667, 7.213577485084533, 0),
    (5.4337833523750305, 6.312459373474121, 0),
    (3.3924358546733857, 3.871986800432205, 0),
    (5.401842951774597, 5.885813999176025, 0),
    (6.58404049873352, 7.015031003952027, 0),
]
PINNED_1000 = [
    (1.0166666507720947, 1.0166666507720947, 0),
    (7.825, 8.59, 0),
    (None, None, 246),
    (7.329403042793274, 8.458487582206725, 0),
    (4.036293482780456, 5.317905151844024, 0),
    (5.3832304835319515, 5.879970180988312, 0),
    (6.583616614341736, 7.027442288398743, 0),
]
