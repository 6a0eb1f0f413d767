"""Know-how and the expertise gap (DESIGN.md §4).

A firm's know-how ``K`` in [0, 1] is measured against the world frontier (``K = 1``); the gap is
``1 - K``. It closes by learning by doing, absorption from a partner, spillovers from linked R&D
centres and slow industry-wide diffusion; it opens when experts are poached.
"""

from __future__ import annotations

import math

from ecosystem.mechanisms.bounds import max2, min2


def wright_gap_factor(
    cum_before_t: float, cum_after_t: float, ref_t: float, learning_rate: float
) -> float:
    """Factor by which learning by doing multiplies the gap as cumulative output grows.

    Wright's law on the gap: beyond the reference experience ``Q0 = ref_t`` each doubling of
    cumulative output multiplies the gap by ``1 - learning_rate``::

        factor = (max(Q1, Q0) / max(Q0_before, Q0)) ** log2(1 - learning_rate)

    so successive calls compose exactly. No output, no learning (factor 1). Source: Wright (1936);
    Nagy et al. (2013, PLoS ONE) for the typical ~20% per doubling.
    """
    before = max2(cum_before_t, ref_t)
    after = max2(cum_after_t, ref_t)
    if after <= before or learning_rate <= 0.0:
        return 1.0
    if learning_rate >= 1.0:
        return 0.0
    return (after / before) ** math.log2(1.0 - learning_rate)


def absorptive_capacity(
    staffed: float,
    skill: float,
    rnd_linked: bool,
    rnd_bonus: float,
    staff_weight: float,
    skill_weight: float,
) -> float:
    """Share of offered know-how a firm can take in, in [0, 1].

    Cohen & Levinthal (1990): absorptive capacity grows with the firm's own people, their skill and
    its R&D links::

        capacity = staffed * min(1, staff_weight + skill_weight * skill + rnd_bonus * linked)

    ``staffed`` = workers employed / workers its committed capacity needs, in [0, 1]. No
    employees, no absorption (from partners, labs or diffusion); a full crew of novices
    (``skill`` 0) absorbs ``staff_weight``.
    """
    people = min2(1.0, max2(0.0, staffed))
    if people <= 0.0:
        return 0.0
    base = staff_weight + skill_weight * min2(1.0, max2(0.0, skill))
    return people * min2(1.0, base + (rnd_bonus if rnd_linked else 0.0))


def partner_absorption(knowhow: float, intensity: float, rate: float, absorptive: float) -> float:
    """Know-how gained in a month from a partner at the frontier.

    ``dK = rate * intensity * absorptive * (1 - K)``: proportional to the partner's transfer
    intensity, the distance to the frontier and the firm's absorptive capacity (DESIGN.md §4b).
    """
    return rate * intensity * absorptive * max2(0.0, 1.0 - knowhow)


def spillover(knowhow: float, source_knowhow: float, rate: float) -> float:
    """Know-how a firm gains in a month from a linked source that knows more.

    ``dK = rate * max(0, K_source - K)``; used for R&D centres and industry-wide diffusion.
    """
    return rate * max2(0.0, source_knowhow - knowhow)


def poaching_knowhow_loss(
    knowhow: float, experts_lost: float, experts_before: float, loss_share: float
) -> float:
    """Know-how that leaves a firm with poached experts.

    ``dK = loss_share * K * experts_lost / experts_before``: losing all experts costs
    ``loss_share`` of the firm's know-how. Zero when nobody leaves.
    """
    if experts_before <= 0.0 or experts_lost <= 0.0:
        return 0.0
    return loss_share * knowhow * min2(1.0, experts_lost / experts_before)


def expected_gap_closure(
    own: float,
    partner_weight: float,
    partner_prospect: bool,
    lab_weight: float,
    lab_access: bool,
    peer_weight: float,
    peer_lead: float,
) -> float:
    """Share of its current gap a bidding firm expects to close over the plant's life, in [0, 1].

    ``closure = min(1, own + partner_weight·[a partner would take it] + lab_weight·[a lab licence
    or link] + peer_weight·peer_lead)``: formed from what the firm can see (DESIGN.md §4
    "Decisions"), not a constant. ``peer_lead`` = (best domestic know-how − own) / own gap, in
    [0, 1]: peers' observed progress shows how far the gap can close at home.
    """
    closure = own + (partner_weight if partner_prospect else 0.0)
    closure += (lab_weight if lab_access else 0.0) + peer_weight * min2(1.0, max2(0.0, peer_lead))
    return min2(1.0, max2(0.0, closure))


def expected_gap(gap_now: float, closure: float, closure_years: float, years_ahead: float) -> float:
    """Gap a bidder expects ``years_ahead`` from now: its expected closure, reached linearly.

    ``gap_now · (1 − closure · min(1, years_ahead / closure_years))``: the share of its gap the
    firm expects to close (`expected_gap_closure`) is closed at an even pace over
    ``closure_years``, so the early years of a plant, which weigh most in a bid, carry most of
    today's gap. ``closure_years <= 0`` expects the whole closure at once.
    """
    progress = 1.0 if closure_years <= 0.0 else min2(1.0, max2(0.0, years_ahead / closure_years))
    return gap_now * (1.0 - min2(1.0, max2(0.0, closure)) * progress)
