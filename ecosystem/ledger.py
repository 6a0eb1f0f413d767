"""Double-entry ledger (DESIGN.md §2 'Money'): every rupee leaves one account, enters another."""

from __future__ import annotations

from collections import defaultdict


class Ledger:
    """Accounts in ₹ crore; a transfer debits one and credits another, so balances sum to zero.

    Cumulative totals are kept per kind of transfer (``sli``, ``capex_subsidy``, ``sales``, …) so
    the time series can report money columns.
    """

    def __init__(self) -> None:
        self.balances: dict[str, float] = {}
        self.totals: defaultdict[str, float] = defaultdict(float)

    def open(self, name: str, balance: float = 0.0, funded_by: str = "treasury") -> str:
        """Open an account; a starting balance is moved from ``funded_by`` (never created)."""
        if name in self.balances:
            raise ValueError(f"account {name!r} already open")
        self.balances[name] = 0.0
        self.balances.setdefault(funded_by, 0.0)
        if balance:
            self.transfer(funded_by, name, balance, "endowment")
        return name

    def transfer(self, source: str, target: str, amount_cr: float, kind: str) -> float:
        """Move ``amount_cr`` ≥ 0 from ``source`` to ``target``; returns the amount."""
        if amount_cr < 0.0:
            raise ValueError(f"negative transfer {amount_cr} ({kind})")
        if amount_cr == 0.0:
            return 0.0
        self.balances[source] -= amount_cr
        self.balances[target] += amount_cr
        self.totals[kind] += amount_cr
        return amount_cr

    def balance(self, name: str) -> float:
        """Current balance of an account (₹ crore)."""
        return self.balances[name]

    def imbalance(self) -> float:
        """Sum of all balances: zero up to rounding in a consistent ledger."""
        return sum(self.balances.values())
