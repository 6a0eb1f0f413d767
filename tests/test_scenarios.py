"""Scenario files (DESIGN.md §7): the shipped scenarios, `extends`, `[meta]`, and errors.

The eight of DESIGN.md §7 plus the policy levers' alternatives (the policy-levers issue).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ecosystem import ParameterError, Params, ScenarioError, list_scenarios, load_scenario

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "ecosystem" / "data" / "scenarios"
EIGHT = (
    "baseline",
    "no_scheme",
    "frontier_expertise",
    "go_it_alone",
    "partnership_push",
    "rnd_skilling_push",
    "china_shock",
    "oxide_secure",
)
LEVER_ALTERNATIVES = (
    "sli_front_loaded",
    "more_smaller_plants",
    "price_floor",
    "anti_dumping_duty",
    "value_addition_rule",
    "capital_subsidy_mix",
    "china_price_war",
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def diff_from_baseline(name: str) -> dict[str, object]:
    base = load_scenario("baseline").to_dict()
    return {k: v for k, v in load_scenario(name).to_dict().items() if base[k] != v}


def fields_of(group: str) -> set[str]:
    return {n for n, s in Params.fields().items() if s.group == group}


# ---- the shipped scenarios ------------------------------------------------------------------
@pytest.mark.parametrize("name", EIGHT + LEVER_ALTERNATIVES)
def test_shipped_scenario_exists_and_loads_by_name_and_path(name):
    path = SCENARIO_DIR / f"{name}.toml"
    assert path.is_file()
    assert name in list_scenarios()
    by_name = load_scenario(name)
    assert isinstance(by_name, Params)
    assert load_scenario(path) == by_name
    assert load_scenario(str(path)) == by_name


def test_baseline_is_every_parameter_at_its_default():
    assert load_scenario("baseline") == Params()


#: Values each scenario must have (DESIGN.md §7), and the only fields in which it may differ
#: from baseline.
EXPECTED = {
    "no_scheme": ({"scheme_enabled": False}, {"scheme_enabled"}),
    "frontier_expertise": ({"frontier_expertise": True}, {"frontier_expertise"}),
    "go_it_alone": ({"foreign_partners_allowed": False}, {"foreign_partners_allowed"}),
    "partnership_push": (
        {"g2g_deals": True},
        {
            "g2g_deals",
            "g2g_willingness_boost",
            "partner_willingness_japan",
            "partner_willingness_korea",
            "partner_willingness_germany",
        },
    ),
    "china_shock": (
        {"china_shock": True, "shock_start_month": 48, "shock_months": 18},
        fields_of("shock"),
    ),
    "rnd_skilling_push": ({}, {"rnd_skilling_pool_cr", "rnd_share_of_pool", "rnd_skilling_years"}),
    "oxide_secure": ({}, fields_of("raw material")),
    "sli_front_loaded": ({"sli_shape": "front_loaded"}, {"sli_shape", "sli_shape_strength"}),
    "more_smaller_plants": (
        {"n_beneficiaries": 10, "bid_capacity_max_t": 600.0},
        {
            "n_firms",
            "n_beneficiaries",
            "bid_capacity_min_t",
            "bid_capacity_max_t",
            "net_worth_min_cr",
            "net_worth_max_cr",
            "capex_subsidy_cap_min_cr",
            "capex_subsidy_cap_max_cr",
        },
    ),
    "price_floor": (
        {},
        {
            "price_floor_inr_per_kg",
            "offtake_share",
            "price_support_years",
            "price_support_pool_cr",
        },
    ),
    "anti_dumping_duty": ({}, {"anti_dumping_duty_share"}),
    "value_addition_rule": ({}, {"sli_min_domestic_oxide_share"}),
    "capital_subsidy_mix": ({}, {"sli_to_capex_shift_share"}),
    "china_price_war": ({"china_price_cutting": True}, {"china_price_cutting"}),
}


@pytest.mark.parametrize("name", LEVER_ALTERNATIVES)
def test_lever_alternatives_extend_baseline_and_describe_themselves(name):
    text = (SCENARIO_DIR / f"{name}.toml").read_text(encoding="utf-8")
    assert 'extends = "baseline"' in text
    from ecosystem.scenarios import scenario_meta

    assert len(scenario_meta(name).get("description", "")) > 20


def test_more_smaller_plants_keeps_the_scheme_capacity_and_the_per_tonne_terms():
    p, base = load_scenario("more_smaller_plants"), Params()
    assert p.n_beneficiaries * p.bid_capacity_max_t == base.scheme_capacity_t
    assert p.n_beneficiaries <= p.n_firms
    assert p.capex_subsidy_cap_max_cr / p.bid_capacity_max_t == pytest.approx(
        base.capex_subsidy_cap_min_cr / base.bid_capacity_min_t
    )


@pytest.mark.parametrize("name", EXPECTED)
def test_scenario_differs_from_baseline_in_its_own_fields(name):
    must, may = EXPECTED[name]
    diff = diff_from_baseline(name)
    assert diff, f"{name} is identical to baseline"
    loaded = load_scenario(name)
    for key, value in must.items():
        assert getattr(loaded, key) == value, f"{name}: {key}"
    assert set(diff) <= may, f"{name} also changes {sorted(set(diff) - may)}"


def test_rnd_skilling_push_funds_research_and_skilling():
    assert load_scenario("rnd_skilling_push").rnd_skilling_pool_cr > Params().rnd_skilling_pool_cr


def test_oxide_secure_adds_oxide():
    p, base = load_scenario("oxide_secure"), Params()
    assert (
        p.irel_expansion_t_per_yr > base.irel_expansion_t_per_yr
        or p.oxide_contract_t_per_yr > base.oxide_contract_t_per_yr
    )


def test_overrides_apply_on_top_of_the_scenario():
    p = load_scenario("china_shock", learning_rate=0.35)
    assert p.learning_rate == 0.35 and p.china_shock is True
    with pytest.raises(ParameterError):
        load_scenario("china_shock", learning_rate=0.9)


# ---- extends and meta ----------------------------------------------------------------------
def test_extends_applies_the_parent_then_the_child(tmp_path):
    write(tmp_path / "parent.toml", 'extends = "baseline"\nlearning_rate = 0.3\naward_month = 12\n')
    child = write(tmp_path / "child.toml", 'extends = "parent.toml"\naward_month = 15\n')
    p = load_scenario(child)
    assert p.learning_rate == 0.3  # from the parent
    assert p.award_month == 15  # the child wins
    assert p.replace(learning_rate=0.2, award_month=Params().award_month) == Params()


def test_extends_a_shipped_scenario_by_name(tmp_path):
    f = write(
        tmp_path / "shock_no_scheme.toml", 'extends = "china_shock"\nscheme_enabled = false\n'
    )
    p = load_scenario(f)
    assert p.china_shock is True and p.scheme_enabled is False
    assert p.replace(scheme_enabled=True) == load_scenario("china_shock")


def test_meta_is_not_a_parameter(tmp_path):
    f = write(
        tmp_path / "m.toml",
        'learning_rate = 0.25\n\n[meta]\ndescription = "x"\nseed = 42\nmodel_version = "0.1.0"\n',
    )
    p = load_scenario(f)
    assert p == Params(learning_rate=0.25)
    assert "description" not in p.to_dict() and "model_version" not in p.to_dict()


# ---- errors speak to the user --------------------------------------------------------------
def test_unknown_key_names_file_and_line(tmp_path):
    f = write(
        tmp_path / "typo.toml", 'extends = "baseline"\naward_month = 10\nlearning_rte = 0.3\n'
    )
    with pytest.raises(ScenarioError) as exc:
        load_scenario(f)
    message = str(exc.value)
    assert "typo.toml:3" in message
    assert "learning_rte" in message and "learning_rate" in message


def test_out_of_range_value_names_file_line_and_range(tmp_path):
    f = write(tmp_path / "bad.toml", 'extends = "baseline"\n\nlearning_rate = 0.9\n')
    with pytest.raises(ParameterError) as exc:
        load_scenario(f)
    message = str(exc.value)
    assert "bad.toml:3" in message and "learning_rate" in message and "0-0.5" in message


def test_bad_value_inherited_from_a_parent_names_the_parent_line(tmp_path):
    write(tmp_path / "parent.toml", 'extends = "baseline"\naward_month = 10\nlearning_rate = 0.9\n')
    child = write(tmp_path / "child.toml", 'extends = "parent.toml"\naward_month = 12\n')
    with pytest.raises(ParameterError) as exc:
        load_scenario(child)
    assert "parent.toml:3" in str(exc.value) and "learning_rate" in str(exc.value)


def test_wrong_type_in_file_is_refused(tmp_path):
    f = write(tmp_path / "type.toml", 'award_month = "ten"\n')
    with pytest.raises(ParameterError, match="award_month"):
        load_scenario(f)


def test_malformed_toml_names_file_and_line(tmp_path):
    f = write(tmp_path / "broken.toml", 'extends = "baseline"\nlearning_rate = = 0.3\n')
    with pytest.raises(ScenarioError) as exc:
        load_scenario(f)
    assert "broken.toml" in str(exc.value) and "line 2" in str(exc.value)


def test_a_table_other_than_meta_is_refused(tmp_path):
    f = write(tmp_path / "table.toml", "[market]\nfx_inr_per_usd = 90.0\n")
    with pytest.raises(ScenarioError, match="table.toml"):
        load_scenario(f)


def test_unknown_parent_names_the_file(tmp_path):
    f = write(tmp_path / "orphan.toml", 'extends = "no_such_scenario"\nlearning_rate = 0.3\n')
    with pytest.raises(ScenarioError) as exc:
        load_scenario(f)
    assert "no_such_scenario" in str(exc.value)
    assert "orphan.toml" in str(exc.value)


def test_missing_parent_file_names_the_file(tmp_path):
    f = write(tmp_path / "orphan2.toml", 'extends = "missing.toml"\n')
    with pytest.raises(ScenarioError) as exc:
        load_scenario(f)
    assert "missing.toml" in str(exc.value)
    assert "orphan2.toml" in str(exc.value)


def test_extends_loop_is_refused_naming_the_file(tmp_path):
    write(tmp_path / "a.toml", 'extends = "b.toml"\nlearning_rate = 0.3\n')
    write(tmp_path / "b.toml", 'extends = "a.toml"\naward_month = 12\n')
    with pytest.raises(ScenarioError) as exc:
        load_scenario(tmp_path / "a.toml")
    assert "a.toml" in str(exc.value) and "extends" in str(exc.value)


def test_self_extension_is_a_loop(tmp_path):
    f = write(tmp_path / "me.toml", 'extends = "me.toml"\n')
    with pytest.raises(ScenarioError, match="me.toml"):
        load_scenario(f)


def test_unknown_scenario_name_lists_known_ones():
    with pytest.raises(ScenarioError) as exc:
        load_scenario("no_such_scenario")
    assert "no_such_scenario" in str(exc.value) and "baseline" in str(exc.value)


def test_missing_file_is_a_scenario_error(tmp_path):
    with pytest.raises(ScenarioError, match="nothing.toml"):
        load_scenario(tmp_path / "nothing.toml")


def test_nesting_depth_counts_brackets_outside_strings_and_comments():
    from ecosystem.scenarios import nesting_depth

    assert nesting_depth('a = 1\nb = "[[[[{{"  # [[[[\n') == 0
    assert nesting_depth("a = [[1, 2], [3]]\n") == 2
    assert nesting_depth("t = {x = {y = [1]}}\n") == 3
    assert nesting_depth("s = '''[[[\n'''\nv = [1]\n") == 1
    assert nesting_depth('e = "a\\"[[" \nv = [[[0]]]\n') == 3
    assert nesting_depth("x = " + "[" * 500 + "]" * 500) == 500
