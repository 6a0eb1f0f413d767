"""Customer qualification by buyer segment (DESIGN.md §4 "Process yield and quality").

Each buyer segment qualifies a supplier after its own period, which starts when the supplier's
quality is stable for the segment's grade; after qualification buyers move volume over in steps
(samples, pilot lots, volume), so a firm's share of a segment grows over months, not in one jump.
"""

from __future__ import annotations

import math

from ecosystem.mechanisms.bounds import min2

#: Buyer segment of each demand segment of `ecosystem.environment.demand` (a definition: the
#: model's demand segments by sector and grade, grouped by who qualifies the supplier; defence
#: stands for the defence/medical/industrial remainder).
BUYER_OF_SEGMENT: dict[str, str] = {
    "autos_high_grade": "automotive",
    "autos_standard": "automotive",
    "wind": "wind",
    "electronics": "consumer",
    "defence": "defence",
}
#: Buyer segments, in output order (``qualification_<segment>_month``).
BUYERS: tuple[str, ...] = ("automotive", "wind", "consumer", "defence")
#: Buyer segments whose qualification needs stable high-grade quality (wind turbines' magnets are
#: heat-resistant grades; a definition of the segment).
HIGH_GRADE_BUYERS: frozenset[str] = frozenset({"wind"})


def is_qualified(stable_since: int | None, month: int, period_months: float) -> bool:
    """Qualified once ``period_months`` have passed since quality became stable for the grade."""
    return stable_since is not None and month - stable_since >= period_months


def volume_share(months_qualified: int | None, ramp_months: float, steps: int) -> float:
    """Share of a qualified supplier's offer a segment's buyers take, in [0, 1].

    0 before qualification; then rising in ``steps`` equal steps (samples, pilot lots, volume)
    over ``ramp_months``: ``min(1, ceil(steps * (m + 1) / ramp) / steps)`` in the ``m``-th month
    after qualification (``m`` = 0 the month it qualifies). A ramp shorter than one month (the
    time step): all at once.
    """
    if months_qualified is None or months_qualified < 0:
        return 0.0
    if ramp_months < 1.0:
        return 1.0
    step = math.ceil(steps * (months_qualified + 1) / ramp_months - 1e-9)
    return min2(1.0, step / steps)
