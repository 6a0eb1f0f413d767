"""A tender that fills fewer places than offered is re-opened on a stated rule (DESIGN.md §4).

The rule (docs/ODD.md §7.4): ``tender_reopen_months`` after the last award or round, while places
and at least a smallest bid's capacity are left, at most ``tender_max_rounds`` times, on the same
terms; firms bid again from their state. Who bids is forced here (``make_bid`` patched) so that
the tests check the government's rule, not the economics of a draw.
"""

from __future__ import annotations

import pytest

from ecosystem import MagnetModel, ParameterError, Params, cli
from ecosystem.agents.bidding import Bid
from ecosystem.agents.manufacturer import Manufacturer
from ecosystem.agents.tender import places_left, reopens
from tests.test_observed import FACTS

AWARD, REOPEN = 9, 12


def bids_from(monkeypatch, rule) -> list[tuple[int, int]]:
    """Patch ``make_bid``: ``rule(firm, month)`` gives (capacity, rate) or None; log the calls."""
    calls: list[tuple[int, int]] = []

    def make_bid(self: Manufacturer) -> Bid | None:
        calls.append((self.index, self.model.month))
        got = rule(self, self.model.month)
        return None if got is None else Bid(self.index, *got)

    monkeypatch.setattr(Manufacturer, "make_bid", make_bid)
    return calls


def run(**overrides) -> MagnetModel:
    params = Params(award_month=AWARD, tender_reopen_months=REOPEN, **overrides)
    return MagnetModel(params, rng=1, record_agents=False).run()


def test_the_rule_reopens_only_when_due_with_places_left_and_rounds_to_spare():
    assert reopens(21, 9, 0, 12, 2, places=3)
    assert not reopens(20, 9, 0, 12, 2, places=3)  # not yet
    assert not reopens(21, 9, 0, 12, 2, places=0)  # full
    assert not reopens(33, 21, 2, 12, 2, places=3)  # rounds used up
    assert not reopens(21, 9, 0, 12, 0, places=3)  # the rule never re-opens
    winners = ((0, 1, 1200.0, 900.0, 0.5), (1, 2, 1200.0, 950.0, 0.5))
    assert places_left(winners, 5, 6000.0, 600.0) == (3, 3600.0)
    assert places_left(winners, 2, 6000.0, 600.0) == (0, 0.0)  # no place left
    assert places_left(winners, 5, 2900.0, 600.0) == (0, 0.0)  # no smallest bid fits


def test_an_underfilled_tender_reopens_after_the_stated_months_and_can_award(monkeypatch):
    # Nobody bids at the award; firms 0 and 1 bid from the first re-opened round on. Nobody
    # builds outside the scheme either (whether a firm enters is the economics of the draw): the
    # winners' first plants are the ones the round awards.
    def rule(firm, month):
        return (1000.0, 1500 - 100 * firm.index) if month > AWARD and firm.index < 2 else None

    bids_from(monkeypatch, rule)
    monkeypatch.setattr(Manufacturer, "consider_entry", lambda self, month: None)
    model = run(tender_max_rounds=2)
    outcome = model.government.outcome
    assert outcome.winners == ()
    held, again = outcome.rounds  # 2 of 5 places filled: it re-opens once more, in vain
    assert (held.month, again.month) == (AWARD + REOPEN, AWARD + 2 * REOPEN)
    assert again.winners == () and again.bidders == ()
    assert [(w[0], w[1]) for w in held.winners] == [(1, 1), (0, 2)]  # lower rate ranks first
    for index in (0, 1):
        firm = model.firms[index]
        assert firm.beneficiary and firm.scheme_award_month == AWARD + REOPEN
        assert firm.allocated_t == 1000.0
        assert firm.milestones["construction_start_month"] >= AWARD + REOPEN
    assert sum(model.firms[i].irel_share for i in (0, 1)) == pytest.approx(1.0)


def test_a_full_tender_never_reopens(monkeypatch):
    calls = bids_from(monkeypatch, lambda f, m: (1200.0, 1000 + f.index))
    model = run(tender_max_rounds=4)
    outcome = model.government.outcome
    assert len(outcome.winners) == 5 and outcome.rounds == ()
    assert {m for _, m in calls} == {AWARD}  # nobody is asked to bid again


@pytest.mark.parametrize("max_rounds", [0, 1, 3])
def test_rounds_are_bounded_and_spaced_by_the_stated_months(monkeypatch, max_rounds):
    calls = bids_from(monkeypatch, lambda f, m: None)  # nobody ever bids
    model = run(tender_max_rounds=max_rounds)
    months = [r.month for r in model.government.outcome.rounds]
    assert months == [AWARD + k * REOPEN for k in range(1, max_rounds + 1)]
    assert sorted({m for _, m in calls}) == [AWARD, *months]


def test_a_round_fills_only_the_places_and_capacity_left(monkeypatch):
    def rule(firm, month):
        if month == AWARD:
            return (1200.0, 900 + firm.index) if firm.index < 3 else None
        return (1200.0, 800 + firm.index)

    bids_from(monkeypatch, rule)
    model = run(tender_max_rounds=3)
    outcome = model.government.outcome
    (held,) = outcome.rounds
    assert [w[1] for w in held.winners] == [4, 5]  # ranks continue
    assert sum(w[2] for w in outcome.all_winners) == 6000.0
    assert len(outcome.all_winners) == 5
    # IREL's shares are re-split over L1-L3 only: the award's three keep theirs.
    assert held.irel == pytest.approx((1 / 3, 1 / 3, 1 / 3, 0.0, 0.0))


def test_the_twin_and_a_switch_run_hold_the_runs_rounds(monkeypatch):
    def rule(firm, month):
        return (1000.0, 1500 - 100 * firm.index) if month > AWARD and firm.index < 2 else None

    bids_from(monkeypatch, rule)
    params = Params(award_month=AWARD, tender_reopen_months=REOPEN, tender_max_rounds=1)
    model = MagnetModel(params, rng=4, record_agents=False)
    twin = model.make_twin(record_agents=False)
    for _ in range(params.horizon_months):
        model.step()
        twin.step()
    assert twin.government.outcome == model.government.outcome
    assert len(model.government.outcome.rounds) == 1
    bids_from(monkeypatch, lambda f, m: (1200.0, 100))  # would fill the award: it is held fixed
    fixed = MagnetModel(
        params.replace(capacity_built_at_once=True),
        rng=4,
        tender=model.government.outcome,
        record_agents=False,
    ).run()
    assert fixed.government.outcome == model.government.outcome


def test_an_observed_tender_is_not_reopened(tmp_path):
    path = tmp_path / "facts.toml"
    path.write_text(FACTS, encoding="utf-8")  # three winners of five places
    model = MagnetModel(Params(tender_max_rounds=3), rng=0, observed=path).run()
    assert model.government.outcome.rounds == ()
    assert model.government.places_left()[0] == 2


def test_a_reopening_beyond_the_horizon_is_refused_before_any_run(capsys):
    with pytest.raises(ParameterError, match="tender_reopen_months"):
        Params(horizon_months=40, target_month=30, award_month=29, tender_reopen_months=12)
    Params(
        horizon_months=40,
        target_month=30,
        award_month=29,
        tender_reopen_months=12,
        tender_max_rounds=0,
    )  # no re-opening: no check
    with pytest.raises(ParameterError, match="tender_max_rounds"):
        Params(tender_max_rounds=11)
    for sets in (
        ["tender_reopen_months=0"],
        ["horizon_months=40", "target_month=30", "award_month=29", "tender_reopen_months=12"],
    ):
        argv = ["run", "baseline"] + [a for s in sets for a in ("--set", s)]
        assert cli.main(argv) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "tender_reopen_months" in err[0], err
