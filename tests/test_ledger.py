"""The double-entry ledger (DESIGN.md §2): every rupee leaves one account and enters another."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.ledger import Ledger


def test_a_transfer_debits_the_source_and_credits_the_target():
    ledger = Ledger()
    ledger.open("a", 100.0, funded_by="treasury")
    ledger.open("b")
    ledger.transfer("a", "b", 30.0, "sales")
    assert ledger.balance("a") == pytest.approx(70.0)
    assert ledger.balance("b") == pytest.approx(30.0)
    assert ledger.balance("treasury") == pytest.approx(-100.0)
    assert ledger.totals["sales"] == pytest.approx(30.0)
    assert ledger.totals["endowment"] == pytest.approx(100.0)


def test_negative_transfers_and_duplicate_accounts_are_refused():
    ledger = Ledger()
    ledger.open("a")
    with pytest.raises(ValueError):
        ledger.transfer("a", "treasury", -1.0, "x")
    with pytest.raises(ValueError):
        ledger.open("a")


@settings(deadline=None, max_examples=100)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 4), st.floats(0.0, 1e6, allow_nan=False)),
        max_size=50,
    )
)
def test_balances_always_sum_to_zero(moves):
    ledger = Ledger()
    names = [ledger.open(f"acct{i}", 10.0 * i) for i in range(5)]
    for src, dst, amount in moves:
        ledger.transfer(names[src], names[dst], amount, "move")
        assert ledger.imbalance() == pytest.approx(0.0, abs=1e-6)
