"""Technology partners accept, refuse and withdraw (DESIGN.md §4 'Decisions')."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem import MagnetModel, Params
from ecosystem.agents.partner import TechnologyPartner, deal_terms, partner_accepts


# ---- the acceptance rule ------------------------------------------------------------------------
@settings(deadline=None, max_examples=200)
@given(
    w=st.floats(0.0, 1.0),
    terms=st.floats(0.0, 1.0),
    threshold=st.floats(0.0, 1.0),
    slots=st.integers(-2, 5),
)
def test_a_partner_accepts_exactly_when_terms_clear_the_threshold_and_a_slot_is_free(
    w, terms, threshold, slots
):
    assert partner_accepts(w, terms, threshold, slots) == (slots > 0 and w * terms >= threshold)


@pytest.mark.parametrize("slots_left", [0, -1])
def test_a_partner_at_capacity_refuses_even_the_best_client(slots_left):
    assert not partner_accepts(1.0, 1.0, 0.0, slots_left)


def test_an_unwilling_partner_refuses_any_terms():
    assert not partner_accepts(0.0, 1.0, 0.01, 5)


@settings(deadline=None, max_examples=100)
@given(committed=st.floats(0.0, 5_000.0), more=st.floats(1.0, 600.0), beneficiary=st.booleans())
def test_deal_terms_are_a_share_that_favours_beneficiaries_and_larger_plants(
    committed, more, beneficiary
):
    terms = deal_terms(beneficiary, committed, 1_200.0, 0.3, 0.2)
    assert 0.0 <= terms <= 1.0
    assert deal_terms(True, committed, 1_200.0, 0.3, 0.2) > deal_terms(
        False, committed, 1_200.0, 0.3, 0.2
    )
    assert deal_terms(beneficiary, committed + more, 1_200.0, 0.3, 0.2) >= terms
    if committed + more <= 1_200.0:
        assert deal_terms(beneficiary, committed + more, 1_200.0, 0.3, 0.2) > terms


# ---- the agent ----------------------------------------------------------------------------------
# Partners willing at 0.5, two slots each, a threshold of 0.35: a beneficiary with nothing yet
# committed (deal terms 1 - 0.5 + 0.3 = 0.8) clears it (0.5 x 0.8 = 0.4), whatever the defaults.
WILLING = dict(
    partner_slots=2,
    partner_accept_threshold=0.35,
    partner_willingness_japan=0.5,
    partner_willingness_korea=0.5,
    partner_willingness_germany=0.5,
    partner_terms_beneficiary_weight=0.3,
    partner_terms_scale_weight=0.2,
)


def willing_model() -> MagnetModel:
    m = MagnetModel(Params(**WILLING), rng=11)
    for firm in m.firms:
        firm.beneficiary = True  # attractive clients: terms clear every partner's threshold
    return m


def test_a_partner_with_a_free_slot_accepts_links_both_sides_and_collects_the_fee():
    m = willing_model()
    partner, firm = m.partners[0], m.firms[0]
    cash, fee = firm.cash_cr, m.p.licence_fee_cr
    assert partner.consider(firm)
    assert firm.partner is partner and firm in partner.clients
    assert firm.cash_cr == pytest.approx(cash - fee)
    assert m.ledger.balance(partner.account) == pytest.approx(fee)


def test_a_partner_with_no_slots_left_refuses():
    m = willing_model()
    partner = m.partners[0]
    for firm in m.firms[:2]:
        assert partner.consider(firm)
    assert partner.slots_left == 0
    late = m.firms[2]
    cash, earned = late.cash_cr, m.ledger.balance(partner.account)
    assert not partner.consider(late)
    assert late.partner is None and late not in partner.clients
    assert late.cash_cr == cash and m.ledger.balance(partner.account) == earned
    assert m.partners[1].consider(late)  # a partner with room still takes it


def test_a_chinese_maker_never_partners():
    m = willing_model()
    chinese = TechnologyPartner(m, 99, "china")
    assert chinese.willingness == 0.0
    assert not chinese.consider(m.firms[0])
    assert m.firms[0].partner is None


def test_government_to_government_deals_raise_willingness():
    plain = MagnetModel(Params(), rng=1)
    g2g = MagnetModel(Params(g2g_deals=True), rng=1)
    for a, b in zip(plain.partners, g2g.partners, strict=True):
        assert b.willingness > a.willingness or a.willingness == 1.0


def test_firms_find_no_partner_when_foreign_partners_are_not_allowed():
    m = MagnetModel(Params(foreign_partners_allowed=False), rng=1)
    firm = m.firms[0]
    firm.beneficiary = True
    assert not m.seek_partner(firm)
    assert firm.partner is None and all(not p.clients for p in m.partners)


def test_a_firm_goes_first_to_the_most_willing_partner():
    # Partner 4 is the German maker; make it the most willing.
    m = MagnetModel(Params(partner_willingness_germany=0.9), rng=11)
    assert m.partners[4].country == "germany"
    firm = m.firms[0]
    firm.beneficiary = True
    assert m.seek_partner(firm)
    assert firm.partner is m.partners[4]


def test_an_unattractive_firm_finds_no_partner():
    m = MagnetModel(Params(partner_accept_threshold=0.9), rng=11)
    firm = m.firms[0]  # not a beneficiary, nothing committed: terms 0.5
    assert not m.seek_partner(firm)
    assert firm.partner is None and all(not p.clients for p in m.partners)


# ---- withdrawal ---------------------------------------------------------------------------------
def linked() -> tuple[MagnetModel, TechnologyPartner, object]:
    m = willing_model()
    partner, firm = m.partners[0], m.firms[0]
    assert partner.consider(firm)
    return m, partner, firm


def test_a_partner_withdraws_when_royalties_are_in_arrears_for_the_stated_months():
    m, partner, firm = linked()
    firm.arrears_months = m.p.partner_arrears_months
    partner.review()
    assert firm.partner is None and firm not in partner.clients
    assert partner.slots_left == partner.slots


def test_a_partner_stays_while_arrears_are_below_the_trigger():
    m, partner, firm = linked()
    firm.arrears_months = m.p.partner_arrears_months - 1
    partner.review()
    assert firm.partner is partner and firm in partner.clients


def test_a_partner_withdraws_from_a_firm_that_left_the_industry():
    m, partner, firm = linked()
    firm.exited = True
    partner.review()
    assert firm.partner is None and firm not in partner.clients


def test_a_firm_that_exits_ends_its_partnership_itself():
    m, partner, firm = linked()
    firm.exit(m.month)
    assert firm.partner is partner, "the decision takes effect at the start of next month"
    m.step()
    assert firm.exited
    assert firm.partner is None and firm not in partner.clients


def test_deal_terms_weights_are_parameters_and_the_best_client_scores_one():
    assert deal_terms(True, 1_200.0, 1_200.0, 0.3, 0.2) == 1.0
    assert deal_terms(True, 1_200.0, 1_200.0, 0.1, 0.4) == 1.0
    assert deal_terms(False, 0.0, 1_200.0, 0.3, 0.2) == 0.5
    assert deal_terms(False, 0.0, 1_200.0, 0.4, 0.2) == pytest.approx(0.4)
    assert deal_terms(False, 600.0, 1_200.0, 0.3, 0.4) == pytest.approx(0.5)
    assert deal_terms(False, 600.0, 1_200.0, 0.3, 0.0) == pytest.approx(0.7)
