"""Unit conversions: each helper against the definition of its units, and in its stated order."""

from __future__ import annotations

import pytest

from ecosystem import units


def test_a_tonne_at_one_rupee_a_kg_is_a_ten_thousandth_of_a_crore() -> None:
    # 1 t = 1,000 kg at ₹1/kg = ₹1,000 = 1e-4 crore.
    assert units.cr_from_t(1.0, 1.0) == pytest.approx(1_000 / 1e7)
    # 600 t of magnets at ₹3,000/kg = ₹180 crore.
    assert units.cr_from_t(600.0, 3000.0) == pytest.approx(180.0)


def test_dollar_tonnes_convert_through_the_exchange_rate() -> None:
    # 10 t of oxide at US$60/kg = US$0.6 million = ₹5.1 crore at ₹85/US$.
    assert units.usd_m_from_t(10.0, 60.0) == pytest.approx(0.6)
    assert units.cr_from_t_usd(10.0, 60.0, 85.0) == pytest.approx(0.6 * 1e6 * 85.0 / 1e7)


def test_per_kilotonne_costs_become_rupees_per_kg() -> None:
    # ₹400 crore per kt/yr of capacity = ₹4e9 / 1e6 kg = ₹4,000/kg.
    assert units.inr_per_kg_from_cr_per_kt(400.0) == pytest.approx(4000.0)
    # 300 workers per kt at ₹6 lakh a year = ₹1,800 lakh per kt = ₹180/kg.
    assert units.inr_per_kg_from_lakh_per_kt(300.0 * 6.0) == pytest.approx(180.0)
    # ₹50 crore over 1,000 t = ₹500/kg.
    assert units.inr_per_kg_from_cr_and_t(50.0, 1000.0) == pytest.approx(500.0)


def test_helpers_multiply_in_the_order_they_state() -> None:
    # Bit-identical to the bare arithmetic they replaced (float products are not associative).
    t, p, fx = 0.1234567, 71.3, 83.7
    assert units.cr_from_t_usd(t, p, fx) == t * p * fx * 1e-4
    assert units.cr_from_t(t, p * fx) == t * (p * fx) * 1e-4
    assert units.inr_per_kg_from_lakh_per_kt(t * p) == t * p * 1e5 / 1e6


def test_conversions_are_consistent_with_each_other() -> None:
    assert units.CR_PER_T_INR_PER_KG == units.KG_PER_T / units.INR_PER_CRORE
    assert units.CR_PER_LAKH == units.INR_PER_LAKH / units.INR_PER_CRORE
    assert units.KG_PER_KT == 1000.0 * units.KG_PER_T
