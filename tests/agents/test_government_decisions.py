"""The tender and the scheme's payments (DESIGN.md §3 Government, §4 'Incentives')."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem import MagnetModel, Params
from ecosystem.agents.bidding import Bid
from ecosystem.agents.government import irel_shares, rank_bids, select_winners
from ecosystem.mechanisms.incentives import capex_subsidy_cap_cr

bid_lists = st.lists(
    st.tuples(st.sampled_from([600.0, 800.0, 1_000.0, 1_200.0]), st.integers(0, 2_150)),
    min_size=0,
    max_size=12,
)


def make_bids(pairs) -> list[Bid]:
    return [Bid(i, cap, rate) for i, (cap, rate) in enumerate(pairs)]


@settings(deadline=None, max_examples=150)
@given(pairs=bid_lists, data=st.data())
def test_bids_are_ranked_lowest_rate_first(pairs, data):
    bids = make_bids(pairs)
    ties = data.draw(st.lists(st.floats(0.0, 1.0), min_size=len(bids), max_size=len(bids)))
    ranked = rank_bids(bids, ties)
    assert sorted(b.firm_index for b in ranked) == list(range(len(bids)))
    rates = [b.rate_inr_per_kg for b in ranked]
    assert rates == sorted(rates)


def test_ties_are_broken_by_the_random_keys():
    bids = make_bids([(600.0, 900), (800.0, 900), (1_000.0, 500)])
    assert [b.firm_index for b in rank_bids(bids, [0.7, 0.2, 0.9])] == [2, 1, 0]
    assert [b.firm_index for b in rank_bids(bids, [0.1, 0.2, 0.9])] == [2, 0, 1]


@settings(deadline=None, max_examples=150)
@given(pairs=bid_lists, n=st.integers(0, 8), limit=st.floats(0.0, 8_000.0))
def test_winners_are_at_most_n_in_rank_order_within_the_capacity_limit(pairs, n, limit):
    ranked = rank_bids(make_bids(pairs), [0.0] * len(pairs))
    chosen = select_winners(ranked, n, limit)
    assert len(chosen) <= n
    assert sum(b.capacity_t for b in chosen) <= limit + 1e-9
    positions = [ranked.index(b) for b in chosen]
    assert positions == sorted(positions)
    for i, bid in enumerate(
        ranked
    ):  # a bid is passed over only when n are taken or it breaks the limit
        before = [c for c in chosen if ranked.index(c) < i]
        if bid not in chosen:
            assert len(before) >= n or sum(c.capacity_t for c in before) + bid.capacity_t > limit


def test_a_bid_that_would_break_the_limit_is_skipped_for_a_smaller_one():
    ranked = make_bids([(1_200.0, 100), (1_200.0, 200), (600.0, 300)])
    assert [b.firm_index for b in select_winners(ranked, 5, 1_800.0)] == [0, 2]


@settings(deadline=None, max_examples=150)
@given(
    pairs=bid_lists, n_irel=st.integers(0, 6), rule=st.sampled_from(["equal", "capacity", "rank"])
)
def test_irel_oxide_goes_only_to_the_lowest_bidders_and_all_of_it_is_shared(pairs, n_irel, rule):
    winners = make_bids(pairs)
    shares = irel_shares(winners, n_irel, rule)
    k = min(n_irel, len(winners))
    assert len(shares) == len(winners)
    assert all(s == 0.0 for s in shares[k:])
    assert all(s > 0.0 for s in shares[:k])
    if k:
        assert sum(shares) == pytest.approx(1.0)


def test_irel_rules_split_equally_by_capacity_or_by_rank():
    winners = make_bids([(1_200.0, 100), (600.0, 200), (600.0, 300), (1_000.0, 400)])
    assert irel_shares(winners, 3, "equal") == pytest.approx([1 / 3, 1 / 3, 1 / 3, 0.0])
    assert irel_shares(winners, 3, "capacity") == pytest.approx([0.5, 0.25, 0.25, 0.0])
    assert irel_shares(winners, 3, "rank") == pytest.approx([6 / 11, 3 / 11, 2 / 11, 0.0])


# ---- the tender in a model ----------------------------------------------------------------------
def awarded(params: Params, seed: int = 5) -> MagnetModel:
    m = MagnetModel(params, rng=seed)
    for _ in range(params.award_month):
        m.step()
    return m


def test_the_tender_picks_the_lowest_rates_and_commits_their_plants():
    p = Params(bid_cost_noise=0.0)
    m = MagnetModel(p, rng=5)
    for _ in range(p.award_month - 1):
        m.step()
    m.imports.update(p.award_month)  # the award month's prices (firms expect from them)
    building = [f.knowhow for f in m.firms if f.building]  # the peers' lead bidders will see
    m.best_domestic_knowhow = max(building) if building else 0.0
    bids = {f.index: f.make_bid() for f in m.firms}  # what each firm will bid (no noise)
    m.step()
    outcome = m.government.outcome
    assert outcome is not None and outcome.winners
    assert set(outcome.bidders) == {i for i, b in bids.items() if b is not None}
    rates = [w[3] for w in outcome.winners]
    assert rates == sorted(rates)
    assert [w[1] for w in outcome.winners] == list(range(1, len(outcome.winners) + 1))
    allocated = sum(w[2] for w in outcome.winners)
    assert allocated <= p.scheme_capacity_t
    assert len(outcome.winners) <= p.n_beneficiaries
    winners = {w[0] for w in outcome.winners}
    for firm_index, rank, capacity, rate, share in outcome.winners:
        firm = m.firms[firm_index]
        assert (capacity, rate) == (bids[firm_index].capacity_t, bids[firm_index].rate_inr_per_kg)
        assert firm.beneficiary and firm.bid_rank == rank and firm.allocated_t == capacity
        assert any(pl.scheme and pl.capacity_t == capacity for pl in firm.plants)
        assert (share > 0.0) == (rank <= p.irel_beneficiaries)
    for i in set(outcome.bidders) - winners:  # a loser asked more, or did not fit
        loser = bids[i]
        assert (len(winners) == p.n_beneficiaries and loser.rate_inr_per_kg >= max(rates)) or (
            allocated + loser.capacity_t > p.scheme_capacity_t
        )
        assert not m.firms[i].beneficiary


def test_without_the_scheme_there_is_no_tender_and_nothing_is_paid():
    p = Params(scheme_enabled=False, horizon_months=60, target_month=60)
    m = MagnetModel(p, rng=5).run()
    assert m.government.outcome is None
    assert not any(f.beneficiary for f in m.firms)
    assert m.government.sli_paid_cr == 0.0 and m.government.capex_paid_cr == 0.0


@pytest.mark.parametrize("overrides", [{}, {"sli_pool_cr": 300.0, "capex_subsidy_pool_cr": 100.0}])
def test_nothing_is_paid_beyond_a_pool_or_a_per_firm_cap(overrides):
    p = Params(**overrides)
    m = MagnetModel(p, rng=2).run()
    assert m.ledger.balance("sli_pool") >= -1e-9 and m.ledger.balance("capex_pool") >= -1e-9
    assert m.government.sli_paid_cr <= p.sli_pool_cr + 1e-9
    assert m.government.capex_paid_cr <= p.capex_subsidy_pool_cr + 1e-9
    for firm in m.firms:
        assert firm.sli_paid_cr <= firm.sli_max_cr + 1e-9
        cap = capex_subsidy_cap_cr(
            firm.allocated_t,
            p.capex_subsidy_cap_min_cr,
            p.capex_subsidy_cap_max_cr,
            p.bid_capacity_min_t,
            p.bid_capacity_max_t,
            p.bid_capacity_step_t,
        )
        assert firm.subsidy_paid_cr <= cap + 1e-9
        assert firm.subsidy_paid_cr <= p.capex_subsidy_share * firm.scheme_investment_cr + 1e-9
        if not firm.beneficiary:
            assert firm.sli_paid_cr == 0.0 and firm.subsidy_paid_cr == 0.0
