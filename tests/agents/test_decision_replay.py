"""Firms' entry, expansion and exit decisions: recorded by a run, replayed by a switch run.

DESIGN.md §4 'Attribution switches': under capacity built at once, oxide unconstrained and market
unconstrained, firms enter, expand and exit in the months the unrelaxed run chose. The check over
prior draws that no switch lowers output through a decision: tests/experiments/.
"""

from __future__ import annotations

import pytest

from ecosystem import MagnetModel, load_scenario
from ecosystem.agents.decisions import FirmDecisions

SWITCHES = ("capacity_built_at_once", "oxide_unconstrained", "market_unconstrained")


@pytest.fixture(scope="module")
def base():
    """A run with both an exit and an expansion (partnership_push, seed 0)."""
    return MagnetModel(load_scenario("partnership_push"), rng=0, record_agents=False).run()


def replayed(base: MagnetModel, decisions: FirmDecisions, **switches: bool) -> MagnetModel:
    model = MagnetModel(
        base.p.replace(**switches),
        rng=base.seed,
        tender=base.government.outcome,
        decisions=decisions,
        record_agents=False,
    )
    model.imports.follow(base.imports)
    return model.run()


def test_a_run_records_its_exits_expansions_and_entries(base):
    chosen = base.decisions
    assert chosen.exits and chosen.expansions
    assert set(chosen.exits) == {
        (f.index, f.milestones["exit_month"])
        for f in base.firms
        if f.milestones["exit_month"] is not None
    }
    for index, _, capacity in chosen.expansions:
        firm = base.firms[index]
        assert capacity == base.p.bid_capacity_min_t
        assert sum(not pl.scheme for pl in firm.plants) >= 1
    # no_scheme seed 0: one firm enters on its own (firm 0, 1,200 t/yr, month 38).
    entered = MagnetModel(load_scenario("no_scheme"), rng=0, record_agents=False).run()
    ((index, month, capacity),) = entered.decisions.entries
    firm = entered.firms[index]
    assert not firm.beneficiary and firm.plants[0].capacity_t == capacity


@pytest.mark.parametrize("switch", SWITCHES)
def test_a_switch_run_exits_and_expands_in_the_months_the_run_chose(base, switch):
    run = replayed(base, base.decisions, **{switch: True})
    assert run.decisions == base.decisions
    for f, g in zip(base.firms, run.firms, strict=True):
        assert g.milestones["exit_month"] == f.milestones["exit_month"]
        assert [pl.capacity_t for pl in g.plants] == [pl.capacity_t for pl in f.plants]


def test_without_the_replay_capacity_built_at_once_decides_otherwise(base):
    free = MagnetModel(
        base.p.replace(capacity_built_at_once=True),
        rng=base.seed,
        tender=base.government.outcome,
        record_agents=False,
    ).run()
    assert free.decisions != base.decisions  # what the replay removes


def test_a_replayed_exit_happens_even_when_the_firm_would_stay(base):
    stayer = next(f.index for f in base.firms if f.beneficiary and not f.exited)
    forced = FirmDecisions(exits=((stayer, 60),))
    run = replayed(base, forced)
    assert run.firms[stayer].milestones["exit_month"] == 60 and run.firms[stayer].exited
    assert [f.index for f in run.firms if f.exited] == [stayer]  # nobody else decides to exit
    # nobody expands or enters either: every plant outside the scheme is one running at month 0
    assert all(pl.start_month == 0 for f in run.firms for pl in f.plants if not pl.scheme)


def test_an_empty_replay_means_no_exit_and_no_expansion(base):
    run = replayed(base, FirmDecisions())
    assert run.decisions == FirmDecisions()
    assert not any(f.exited for f in run.firms)
    assert run.result().summary["production_target_t"] > 0.0


def test_a_replayed_expansion_and_entry_build_the_recorded_capacity(base):
    firm = next(f.index for f in base.firms if not f.beneficiary and not f.plants)
    # Entries are decided at the award and yearly after it: the third year's review.
    entry = base.p.award_month + 36
    forced = FirmDecisions(entries=((firm, entry, 700.0),), expansions=((firm, 90, 900.0),))
    run = replayed(base, forced)
    if run.firms[firm].exited:  # pragma: no cover - the forced firm has no reason to exit
        pytest.fail("an unreplayed exit")
    assert [pl.capacity_t for pl in run.firms[firm].plants] == [700.0, 900.0]
    assert run.decisions == forced
