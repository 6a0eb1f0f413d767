"""Shared test helpers: a hypothesis strategy of valid parameters, seed spawning, a stepped run.

The strategy is built from `Params.fields()` (the one place the ranges are written), so a field
added to the model is drawn without touching the tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from ecosystem import MagnetModel, ParameterError, Params

#: Roles drawn by the invariant tests: what forecasts sample and what policy may choose.
DRAWN_ROLES = ("uncertainty", "lever")
#: Structural switches of the policy levers drawn as well (China's price response).
DRAWN_SWITCHES = ("china_price_cutting",)
#: Count-like fields kept small (or at their defaults) so random runs stay cheap.
SMALL_INT_CEILING = {
    "n_beneficiaries": Params().n_firms,
    "irel_beneficiaries": 10,
    "partner_slots": 10,
    "partner_experts": 50,
}
#: Pools the government funds from the treasury (ledger accounts).
POOL_ACCOUNTS = (
    "sli_pool",
    "capex_pool",
    "admin_pool",
    "rnd_skilling_pool",
    "price_support_pool",
    "oxide_subsidy_pool",
)


def field_strategy(spec: Any) -> st.SearchStrategy[Any]:
    """Values of one field over its whole allowed range (bounds included)."""
    if spec.type is bool:
        return st.booleans()
    if spec.choices is not None:
        return st.sampled_from(spec.choices)
    if spec.type is int:
        high = min(int(spec.high), SMALL_INT_CEILING.get(spec.name, int(spec.high)))
        return st.integers(int(spec.low), high)
    return st.floats(float(spec.low), float(spec.high), allow_nan=False, allow_infinity=False)


class Drawn(Params):
    """`Params` whose repr lists only the fields that differ from the defaults (short reports)."""

    def __repr__(self) -> str:
        changed = ", ".join(f"{k}={v!r}" for k, v in self.changed().items())
        return f"Params({changed})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


@st.composite
def valid_params(draw: st.DrawFn, roles: tuple[str, ...] = DRAWN_ROLES) -> Params:
    """A `Params` with every uncertainty and lever field drawn within its range.

    Structural and run fields (horizon, counts, twin and attribution switches) stay at their
    defaults, except the levers' switches in `DRAWN_SWITCHES`. Combinations `Params` rejects
    (cross-field checks) are skipped with `assume`.
    """
    values = {
        name: draw(field_strategy(spec), label=name)
        for name, spec in Params.fields().items()
        if spec.role in roles or name in DRAWN_SWITCHES
    }
    try:
        return Drawn(**values)
    except ParameterError:
        assume(False)
        raise AssertionError("unreachable") from None


seeds = st.integers(min_value=0, max_value=2**32 - 1)


def spawn_seeds(master: int, n: int) -> list[int]:
    """Integer seeds spawned from one master seed as DESIGN.md §2 prescribes."""
    return [int(c.generate_state(1)[0]) for c in np.random.SeedSequence(master).spawn(n)]


@dataclass
class Trace:
    """What a month-by-month run exposes besides its frames (for invariants checked every month)."""

    ledger_imbalance: list[float] = field(default_factory=list)
    pool_balances: list[dict[str, float]] = field(default_factory=list)
    oxide_balance: list[dict[str, float]] = field(default_factory=list)
    firm_payments: list[list[dict[str, float]]] = field(default_factory=list)


def _firm_payments(model: MagnetModel) -> list[dict[str, float]]:
    return [
        {
            "beneficiary": float(f.beneficiary),
            "allocated_t": f.allocated_t,
            "sli_paid_cr": f.sli_paid_cr,
            "sli_max_cr": f.sli_max_cr,
            "subsidy_paid_cr": f.subsidy_paid_cr,
            "clawback_cr": f.clawback_cr,
        }
        for f in model.firms
    ]


def stepped_run(params: Params, seed: int, *, record_agents: bool = False) -> tuple[Any, Trace]:
    """Run to the horizon month by month, noting ledger, pools, oxide and payments each month."""
    model = MagnetModel(params, rng=seed, record_agents=record_agents)
    trace = Trace()

    def note() -> None:
        trace.ledger_imbalance.append(model.ledger.imbalance())
        trace.pool_balances.append({a: model.ledger.balance(a) for a in POOL_ACCOUNTS})
        trace.oxide_balance.append(dict(model.oxide_balance()))
        trace.firm_payments.append(_firm_payments(model))

    note()
    for _ in range(params.horizon_months):
        model.step()
        note()
    return model.result(), trace


def trailing_12m_output_t(production_t: Any, month: int) -> float:
    """Tonnes made in the 12 months ending at ``month`` from annualised monthly flows."""
    values = np.asarray(production_t, dtype=float)
    return float(values[max(1, month - 11) : month + 1].sum() / 12.0)


def t_interval(diffs: Any, confidence: float = 0.95) -> tuple[float, float]:
    """Two-sided t confidence interval of the mean of paired differences."""
    from scipy import stats

    d = np.asarray(diffs, dtype=float)
    half = stats.t.ppf(0.5 + confidence / 2.0, len(d) - 1) * d.std(ddof=1) / math.sqrt(len(d))
    return float(d.mean() - half), float(d.mean() + half)
