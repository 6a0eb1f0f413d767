"""Start-up of a new plant: its own maturity (DESIGN.md §4 "Start-up of a new plant").

Each plant carries a maturity ``M`` in [0, 1]: equipment debugged, recipes tuned to its oxide and
equipment, a crew practised on it. It starts at a level set by the firm's know-how and how closely
the process is copied from a running plant, rises with the plant's own operation and engineering
effort, and limits usable capacity (``installed × M``) and process yield. It is state, not a curve
of time: a plant that does not run does not mature. Calibrated against facts §4: experienced
makers take 1-2 years (small plant) to 2-4 years from first output to nameplate.
"""

from __future__ import annotations

from ecosystem.mechanisms.bounds import max2, min2

#: Plant size at which ``startup_rate_per_month`` applies (t/yr; a definition, the middle of the
#: scheme's 600-1,200 t/yr bids).
REFERENCE_PLANT_T = 1_000.0


def startup_over(month: int, last_commissioning: int | None, grace_months: int) -> bool:
    """Whether a firm's latest plant has run its start-up grace (losses then count toward exit).

    Owners expect start-up losses and judge the firm only ``grace_months`` after its latest plant
    was commissioned; with no plant commissioned (``None``) there is nothing to judge yet.
    """
    return last_commissioning is not None and month - last_commissioning >= grace_months


def initial_maturity(knowhow: float, copy_source: float, start: float, copy_gain: float) -> float:
    """Maturity of a plant at commissioning, in [0, 1].

    ``M0 = K * (start + (1 - start) * copy_gain * copy_source)``: a firm at the frontier
    (``K = 1``) with nothing to copy starts at ``start``; copying the process exactly from a running
    plant (``copy_source`` = 1: a licensor's mature plant, or the firm's own plant's maturity)
    closes ``copy_gain`` of the rest; know-how ``K`` scales it all (a novice cannot run even a
    copied line at its maturity). Sources: facts §4 (Shin-Etsu copied its Japanese plant and still
    took about two years); ``start`` and ``copy_gain`` are assumptions with ranges.
    """
    k = min2(1.0, max2(0.0, knowhow))
    c = min2(1.0, max2(0.0, copy_source))
    return min2(1.0, k * (start + (1.0 - start) * copy_gain * c))


def engineering_effort(
    experts: float,
    need: float,
    expert_share: float,
    trained: float = 0.0,
    trained_weight: float = 0.0,
) -> float:
    """Engineering effort on the line, in [0, 1]: the people who debug it against the need.

    ``effort = min(1, (experts + trained_weight * trained) / (expert_share * need))`` with
    ``need`` the plant's workers (experts include a partner's secondees). Trained technicians
    debug equipment and tune recipes too, at a fraction ``trained_weight`` of an expert's effect
    (learning by doing on the line); novices do not. No experts and no trained crew: effort 0.
    """
    wanted = expert_share * need
    if wanted <= 0.0:
        return 0.0
    people = max2(0.0, experts) + max2(0.0, trained_weight) * max2(0.0, trained)
    return min2(1.0, people / wanted)


def maturity_gain(
    maturity: float,
    operation: float,
    effort: float,
    rate: float,
    capacity_t: float,
    size_exponent: float,
) -> float:
    """A month's rise of a plant's maturity.

    ``dM = rate * (1000 / capacity)**e * operation * effort * (1 - M)``: proportional to how much
    the plant ran this month (``operation``, share of its usable capacity, in [0, 1]), to the
    engineering effort and to what is left to learn; a larger plant has more to debug (``e`` ≥ 0),
    so a small plant is at the short end (facts §4: 500 t in Japan in 12-23 months).
    """
    if capacity_t <= 0.0:
        return 0.0
    o = min2(1.0, max2(0.0, operation))
    size = (REFERENCE_PLANT_T / capacity_t) ** size_exponent
    return min2(1.0 - maturity, rate * size * o * min2(1.0, effort) * max2(0.0, 1.0 - maturity))


def yield_factor(maturity: float, weight: float) -> float:
    """Process yield multiplier of a plant in start-up: ``1 - weight * (1 - M)`` (1 when mature)."""
    return 1.0 - weight * (1.0 - min2(1.0, max2(0.0, maturity)))
