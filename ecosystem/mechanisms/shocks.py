"""Export-control shocks that unwind: licences, buyers' cover, restored supply (DESIGN.md §4).

Pure functions of the shock state. Chinese supply to India flows at a share ``g`` of normal
(1 = no controls). Under controls nothing is licensed until the first licences are issued
(``licence_delay_months`` after the controls start), then the backlog of applications clears at
a rate toward the share the licensing regime lets through; when the controls end the remaining
backlog clears at the same rate, so supply comes back gradually (facts §2: controls in April 2025,
first licences to Indian firms in late October, more than 50 applications pending in December).
"""

from __future__ import annotations

from ecosystem.mechanisms.bounds import max2, min2

#: A backlog below this share of normal supply is cleared at once (the queue is empty).
SNAP = 0.005


def licensed_flow_target(
    controls: bool, months_in: int, delay_months: float, severity: float, approval_share: float
) -> float:
    """Share of normal Chinese supply the licensing regime lets through this month (0-1).

    No controls: 1. Before the first licences: ``1 - severity``. After them:
    ``1 - severity * (1 - approval_share)``.
    """
    if not controls:
        return 1.0
    if months_in < delay_months:
        return 1.0 - severity
    return 1.0 - severity * (1.0 - approval_share)


def next_flow(flow: float, target: float, clear_rate: float) -> float:
    """Chinese supply share next month: cuts bite at once, the backlog clears at ``clear_rate``.

    ``target`` if it is below ``flow`` (a new restriction stops shipments at once), else
    ``flow + clear_rate * (target - flow)`` (a share ``clear_rate`` of the pending applications
    is processed each month); within ``SNAP`` of the target the last applications clear.
    """
    if target <= flow:
        return target
    nxt = flow + clear_rate * (target - flow)
    return target if target - nxt < SNAP else nxt


def draw_cover(stock_t: float, shortage_t: float) -> float:
    """Tonnes buyers take from their own inventory to cover a shortage: ``min(stock, short)``."""
    return max2(0.0, min2(stock_t, shortage_t))


def restock_t(stock_t: float, target_t: float, restock_months: float) -> float:
    """Tonnes buyers order to rebuild their cover: ``max(0, target - stock) / months``."""
    if target_t <= stock_t:
        return 0.0
    return (target_t - stock_t) / max2(1.0, restock_months)
