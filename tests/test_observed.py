"""Observed-data mode (DESIGN.md §8): a file of known facts fixes parts of a run.

The run reproduces each fact it is given (award month, winners with capacities and rates, plant
dates, IREL output by fiscal year, firms' starting state); the file is validated like a scenario
with one-line errors naming file, line and key; the CLI takes ``--observed``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import ecosystem.result
from ecosystem import MagnetModel, Params, cli, simulate
from ecosystem.archetypes import archetype_for
from ecosystem.fiscal_years import month_of
from ecosystem.observed import SCHEMA, ObservedError, load_observed

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "experiments" / "observed" / "example.toml"

FACTS = """\
[meta]
description = "test facts"
as_of = "2026-09"

[tender]
award_month = "2026-11"
bidders = ["metals group", "auto OEM group", "forging and defence group", 5]

[[tender.winners]]
firm = "auto OEM group"
capacity_t = 1000
bid_rate_inr_per_kg = 1200
irel_share = 0.6
commissioning_month = "2028-08"

[[tender.winners]]
firm = "metals group"
capacity_t = 1200
bid_rate_inr_per_kg = 1500
irel_share = 0.4
construction_start_month = 14

[[tender.winners]]
firm = 4
capacity_t = 700
bid_rate_inr_per_kg = 2000

[irel]
output_t_per_yr = { "2026-27" = 260.0, "2028-29" = 480.0 }

[[firms]]
firm = "auto-component maker (motors)"
knowhow = 0.42
novices = 20
trained = 10
experts = 4
capacity_t = 300

[[firms]]
firm = "early mover on public-lab technology"
capacity_t = 800
capacity_built_share = 0.5
"""


@pytest.fixture
def facts(tmp_path) -> Path:
    path = tmp_path / "facts.toml"
    path.write_text(FACTS, encoding="utf-8")
    return path


def firm_rows(result, month: int):
    a = result.agents
    return a[(a["agent_type"] == "manufacturer") & (a["month"] == month)].set_index("name")


# ---- the run reproduces the facts it is given -------------------------------------------------
@pytest.mark.parametrize("seed", [0, 5])
def test_observed_run_reproduces_award_winners_rates_and_dates(facts, seed):
    model = MagnetModel(rng=seed, observed=facts)
    model.run()
    result = model.result()
    award = month_of("2026-11")
    assert model.p.award_month == award == 11
    outcome = model.government.outcome
    assert [w[0] for w in outcome.winners] == [3, 0, 4]
    assert [w[1] for w in outcome.winners] == [1, 2, 3]
    assert [w[2] for w in outcome.winners] == [1000.0, 1200.0, 700.0]
    assert [w[3] for w in outcome.winners] == [1200.0, 1500.0, 2000.0]
    assert [w[4] for w in outcome.winners] == [0.6, 0.4, 0.0]
    assert [model.firms[i].bid_rate for i in (3, 0, 4)] == [1200.0, 1500.0, 2000.0]
    rows = firm_rows(result, award)
    winners = rows[rows["beneficiary"].astype(bool)]
    assert set(winners.index) == {"auto OEM group", "metals group", "forging and defence group"}
    assert winners.loc["auto OEM group", "bid_rank"] == 1
    ms = result.milestones.set_index("name")
    assert ms.loc["auto OEM group", "commissioning_month"] == month_of("2028-08")
    assert ms.loc["metals group", "construction_start_month"] == 14
    assert firm_rows(result, 13).loc["metals group", "capacity_installed_t"] == 0.0


def test_observed_run_reproduces_irel_output_by_fiscal_year(facts):
    fy = simulate(seed=1, observed=facts).fiscal_years.set_index("fiscal_year")
    assert fy.loc["2026-27", "irel_oxide_output_t"] == pytest.approx(260.0)
    assert fy.loc["2028-29", "irel_oxide_output_t"] == pytest.approx(480.0)
    assert fy.loc["2027-28", "irel_oxide_output_t"] != pytest.approx(260.0)  # simulated


def test_observed_run_starts_firms_with_the_given_state(facts):
    result = simulate(seed=2, observed=facts)
    start = firm_rows(result, 0)
    motors = start.loc["auto-component maker (motors)"]
    assert motors["knowhow"] == pytest.approx(0.42)
    assert (motors["workforce_novices"], motors["workforce_trained"]) == (20.0, 10.0)
    assert motors["workforce_experts"] == 4.0 and motors["workforce"] == 34.0
    assert motors["capacity_installed_t"] == 300.0
    early = start.loc["early mover on public-lab technology"]
    assert early["capacity_committed_t"] == 800.0 and early["capacity_installed_t"] == 0.0


def test_twin_of_an_observed_run_keeps_the_facts_but_not_the_know_how(facts):
    result = simulate(seed=3, observed=facts, twin=True)
    twin_ms = result.twin.milestones.set_index("name")
    assert twin_ms.loc["auto OEM group", "commissioning_month"] == month_of("2028-08")
    start = firm_rows(result.twin, 0)
    assert start.loc["auto-component maker (motors)", "knowhow"] == 1.0


def test_award_month_alone_fixes_only_the_award(tmp_path):
    path = tmp_path / "award.toml"
    path.write_text("[tender]\naward_month = 14\n", encoding="utf-8")
    model = MagnetModel(rng=0, observed=path)
    assert model.p.award_month == 14 and model.fixed_tender is None
    model.run()
    assert model.government.outcome is not None and model.government.outcome.all_winners


def test_shipped_example_loads_and_runs():
    observed = load_observed(EXAMPLE)
    assert observed.winners and observed.irel_output and observed.firms
    assert observed.meta["sources"]
    result = simulate(seed=0, record_agents=False, observed=EXAMPLE)
    assert result.summary["production_target_t"] > 0.0


def test_every_schema_key_is_documented():
    text = (ROOT / "docs" / "observed.md").read_text(encoding="utf-8")
    for table, key, *_ in SCHEMA:
        assert f"`{key}`" in text, (table, key)


# ---- validation: one line naming file, line and key -------------------------------------------
BAD = [
    ("[tender]\naward_month = 9\nawrd = 3\n", ":3: tender.awrd: unknown key", "award_month"),
    ('[tender]\naward_month = "2026-13"\n', ":2: tender.award_month:", "YYYY-MM"),
    ("[tender]\naward_month = 500\n", ":2: tender.award_month: month 500", "0-120"),
    (
        '[[tender.winners]]\nfirm = "metals grop"\ncapacity_t = 1\nbid_rate_inr_per_kg = 1\n',
        ":2: tender.winners[0].firm: unknown firm",
        "metals group",
    ),
    (
        "[[tender.winners]]\nfirm = 0\ncapacity_t = 1000\nbid_rate_inr_per_kg = 1\n"
        '[[tender.winners]]\nfirm = 1\ncapacity_t = "big"\nbid_rate_inr_per_kg = 1\n',
        ":7: tender.winners[1].capacity_t: 'big' must be a number",
        "",
    ),
    (
        "[[tender.winners]]\nfirm = 0\ncapacity_t = 1000\nbid_rate_inr_per_kg = 3000\n",
        ":4: tender.winners[0].bid_rate_inr_per_kg",
        "0-2150",
    ),
    (
        "[[tender.winners]]\nfirm = 0\ncapacity_t = 1000\n",
        ":1: tender.winners[0]: missing 'bid_rate_inr_per_kg'",
        "",
    ),
    (
        "[[tender.winners]]\nfirm = 0\ncapacity_t = 1\nbid_rate_inr_per_kg = 1\nirel_share = 0.7\n"
        "[[tender.winners]]\nfirm = 1\ncapacity_t = 1\nbid_rate_inr_per_kg = 1\nirel_share = 0.7\n",
        "tender.winners[0].irel_share: IREL shares add up to 1.4",
        "",
    ),
    (
        "[[tender.winners]]\nfirm = 0\ncapacity_t = 1\nbid_rate_inr_per_kg = 1\n"
        "commissioning_month = 5\n",
        # without an award_month in the file the construction starts at the default award month
        ":5: tender.winners[0].commissioning_month: 5 is before the construction start "
        f"({Params().award_month})",
        "",
    ),
    (
        "[[tender.winners]]\nfirm = 0\ncapacity_t = 1\nbid_rate_inr_per_kg = 1\n"
        '[[tender.winners]]\nfirm = "metals group"\ncapacity_t = 1\nbid_rate_inr_per_kg = 1\n',
        ":6: tender.winners[1].firm: firm 'metals group' is listed twice",
        "",
    ),
    ('[irel]\noutput_t_per_yr = { "2026" = 100.0 }\n', ":2: irel.output_t_per_yr:", "2026-27"),
    (
        "[[firms]]\nfirm = 2\nknowhow = 1.5\n",
        ":3: firms[0].knowhow: 1.5 is outside 0-1",
        "",
    ),
    ("[prices]\nx = 1\n", ":1: prices: unknown table", "[[firms]]"),
    ("[tender\naward_month = 9\n", ": malformed TOML", ":1"),
]


@pytest.mark.parametrize(("text", "fragment", "hint"), BAD)
def test_bad_facts_are_refused_naming_file_line_and_key(tmp_path, text, fragment, hint):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ObservedError) as err:
        load_observed(path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert fragment in message and hint in message


def test_missing_file_is_refused():
    with pytest.raises(ObservedError, match="no such observed-data file"):
        load_observed("nowhere/facts.toml")


def test_firm_names_follow_the_archetypes_with_more_firms(tmp_path):
    path = tmp_path / "many.toml"
    name = archetype_for(8)[1]
    assert name.endswith(" 2")
    path.write_text(f'[[firms]]\nfirm = "{name}"\nknowhow = 0.3\n', encoding="utf-8")
    observed = load_observed(path, Params(n_firms=10))
    assert observed.firms[0].firm == 8
    with pytest.raises(ObservedError, match="unknown firm"):
        load_observed(path)  # seven firms by default


# ---- command line ------------------------------------------------------------------------------
def test_cli_run_with_observed_prints_the_summary_and_records_the_file(facts, tmp_path, capsys):
    out = tmp_path / "run"
    assert cli.main(["run", "baseline", "--observed", str(facts), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "production_target_t" in printed
    import json

    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["observed"] == str(facts.resolve())


def test_cli_refuses_bad_facts_before_simulating(tmp_path, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("simulate() was called")

    monkeypatch.setattr(ecosystem.result, "simulate", refuse)
    path = tmp_path / "bad.toml"
    path.write_text("[tender]\naward_month = true\n", encoding="utf-8")
    assert cli.main(["run", "baseline", "--observed", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and len(err.splitlines()) == 1
    assert f"{path}:2: tender.award_month" in err
