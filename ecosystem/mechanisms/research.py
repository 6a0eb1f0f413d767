"""Public labs' know-how grows with research effort, not with the calendar (DESIGN.md §4).

A lab's research effort is its researchers' time as far as money lets them work: with ``N``
researchers on magnet work and funding ``F`` (₹ crore/yr), each researcher has ``x = F / N`` and
works at the share ``x / (x + s)`` of a fully funded pace, where ``s`` is the funding per
researcher at which the pace is half (equipment, consumables, pilot runs). Knowledge gained is
proportional to the effort and to the distance left to the frontier.
"""

from __future__ import annotations

from ecosystem.mechanisms.bounds import max2


def research_effort(researchers: float, funding_cr_per_yr: float, half_pace_cr: float) -> float:
    """Fully funded researcher-years per year: ``N * x / (x + s)`` with ``x = F / N``.

    Equals ``N * F / (F + N * s)``: zero without researchers or without funding, rising in both,
    never above ``N`` (money cannot replace people) nor above ``F / s`` (people cannot work
    without money).
    """
    n, f = max2(0.0, researchers), max2(0.0, funding_cr_per_yr)
    if n <= 0.0 or f <= 0.0:
        return 0.0
    if half_pace_cr <= 0.0:
        return n
    return n * f / (f + n * half_pace_cr)


def lab_knowledge_gain(knowledge: float, effort: float, productivity: float) -> float:
    """A month's knowledge gain: ``productivity * effort / 12 * (1 - knowledge)``.

    ``effort`` in fully funded researcher-years per year (`research_effort`), ``productivity``
    the share of the remaining gap to the frontier one researcher-year closes. Never passes the
    frontier; no effort, no gain.
    """
    return max2(0.0, productivity * effort / 12.0 * max2(0.0, 1.0 - knowledge))
