"""Workforce: the novice → trained → expert chain inside each firm (DESIGN.md §4)."""

from __future__ import annotations

from ecosystem.mechanisms.bounds import max2, min2

#: Skill weights of novices, trained workers and experts (assumption: a novice does about a
#: third of an expert's skilled work; used both for skill and for effective staffing).
SKILL_WEIGHTS: tuple[float, float, float] = (0.35, 0.75, 1.0)


def skill(novices: float, trained: float, experts: float) -> float:
    """Skill ``S`` in [0, 1]: the skill-weighted mix of the workforce (0 with nobody)."""
    total = novices + trained + experts
    if total <= 0.0:
        return 0.0
    wn, wt, we = SKILL_WEIGHTS
    return (wn * novices + wt * trained + we * experts) / total


def effective_workers(novices: float, trained: float, experts: float) -> float:
    """Skill-weighted headcount: what the plant can run with."""
    wn, wt, we = SKILL_WEIGHTS
    return wn * novices + wt * trained + we * experts


def workers_needed(capacity_t: float, workers_per_kt: float) -> float:
    """Workers a plant of ``capacity_t`` t/yr needs (``capacity / 1000 * workers_per_kt``)."""
    return capacity_t / 1000.0 * workers_per_kt


def staffed_share(effective: float, needed: float) -> float:
    """Share of installed capacity the workforce can run: ``min(1, effective / needed)``."""
    if needed <= 0.0:
        return 1.0
    return min2(1.0, effective / needed)


def promotions(
    novices: float,
    trained: float,
    trainers: float,
    trainees_per_trainer: float,
    training_months: float,
    expert_months: float,
) -> tuple[float, float]:
    """Monthly promotions (novice → trained, trained → expert).

    Training needs trainers (own experts and partner secondees): the trainee places are
    ``trainers * trainees_per_trainer``; novices fill them first, then trained workers. A trainee
    completes a stage in ``training_months`` (novice) or ``expert_months`` (trained) on average.
    No trainers, no promotion.
    """
    if trainers <= 0.0:
        return 0.0, 0.0
    places = trainers * trainees_per_trainer
    novice_trainees = min2(novices, places)
    trained_trainees = min2(trained, max2(0.0, places - novice_trainees))
    return novice_trainees / training_months, trained_trainees / expert_months


def attrition(count: float, rate_per_yr: float) -> float:
    """Workers who leave in a month: ``count * (1 - (1 - rate) ** (1/12))``."""
    return count * (1.0 - (1.0 - rate_per_yr) ** (1.0 / 12.0))


def poached_experts(source_experts: float, share_per_month: float, wage_gap: float) -> float:
    """Experts a better payer takes from a firm in a month.

    ``share_per_month * experts * min(1, wage_gap)`` where ``wage_gap`` in [0, 1] measures how much
    more the poacher pays (0: no move).
    """
    if wage_gap <= 0.0:
        return 0.0
    return share_per_month * source_experts * min2(1.0, wage_gap)


def expected_skill(current: float, training_share: float) -> float:
    """Skill a bidding firm expects its crew to reach: ``1 - (1 - S) * (1 - training_share)``.

    ``S`` is the skill of the people it has, or of those it could hire from the labour pool;
    training closes ``training_share`` of the rest over the plant's life.
    """
    s = min2(1.0, max2(0.0, current))
    return 1.0 - (1.0 - s) * (1.0 - min2(1.0, max2(0.0, training_share)))
