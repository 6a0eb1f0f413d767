"""Parameters (DESIGN.md §2 'Names', §8): flat, typed, documented, validated, immutable."""

from __future__ import annotations

import dataclasses

import pytest

from ecosystem import ParameterError, Params

#: DESIGN.md §2: the groups and roles a field may carry (typed here, not imported from the model).
GROUPS = {"scheme", "market", "technology", "workforce", "raw material", "shock", "run"}
ROLES = {"uncertainty", "lever", "structural", "run"}
#: Names other programs rely on (DESIGN.md §2-§6) with the defaults the design fixes.
FIXED_DEFAULTS = {
    "n_firms": 7,
    "n_rnd_centres": 5,
    "n_partners": 5,
    "n_beneficiaries": 5,
    "frontier_expertise": False,
    "learning_rate": 0.2,
    "sli_ceiling_inr_per_kg": 2150.0,
    "award_month": 14,
    "target_month": 84,
    "horizon_months": 120,
}

SPECS = Params.fields()
NUMERIC = [s for s in SPECS.values() if s.type in (int, float)]
FLOATS = [s for s in NUMERIC if s.type is float]
INTS = [s for s in NUMERIC if s.type is int]
BOOLS = [s for s in SPECS.values() if s.type is bool]
CHOICES = [s for s in SPECS.values() if s.choices is not None]


def ids(specs):
    return [s.name for s in specs]


# ---- metadata ------------------------------------------------------------------------------------
def test_fields_are_flat_and_typed():
    assert len(SPECS) > 50
    for spec in SPECS.values():
        assert spec.type in (int, float, bool, str), f"{spec.name}: {spec.type} is not a flat type"
        value = getattr(Params(), spec.name)
        assert type(value) is spec.type, f"{spec.name}: default {value!r} is not a {spec.type}"


@pytest.mark.parametrize("spec", list(SPECS.values()), ids=ids(SPECS.values()))
def test_every_field_is_documented(spec):
    assert spec.label.strip(), f"{spec.name} has no label"
    assert isinstance(spec.unit, str)
    if spec.type in (int, float):
        assert spec.unit.strip(), f"{spec.name} (a number) has no unit"
    assert spec.group in GROUPS, f"{spec.name}: group {spec.group!r}"
    assert spec.role in ROLES, f"{spec.name}: role {spec.role!r}"
    assert spec.prior is not None, f"{spec.name} has no prior"
    assert spec.sources or spec.assumption, f"{spec.name} has neither a source nor 'assumption'"
    assert all(src.ref.strip() for src in spec.sources), f"{spec.name}: a source without reference"
    if spec.sources:
        assert not spec.assumption


@pytest.mark.parametrize("spec", NUMERIC, ids=ids(NUMERIC))
def test_default_within_range_and_prior_inside_it(spec):
    assert spec.low is not None and spec.high is not None
    assert spec.low < spec.high, f"{spec.name}: empty range"
    assert spec.low <= spec.default <= spec.high
    prior = spec.prior
    assert prior.kind in ("uniform", "triangular", "discrete")
    if prior.kind != "discrete":
        assert spec.low <= prior.low < prior.high <= spec.high
    if prior.kind == "triangular":
        assert prior.low <= prior.mode <= prior.high


# ---- defaults are best estimates (DESIGN.md §2): an uncertainty's default is its prior's median --
UNCERTAIN = [s for s in NUMERIC if s.role == "uncertainty"]


def median_gap(spec):
    """How far the default is from its prior's median, and the tolerance (2% of the prior's
    range; half a step for whole numbers)."""
    prior = spec.prior
    tolerance = 0.5 if spec.type is int else 0.02 * (prior.high - prior.low)
    return abs(spec.default - prior.median()), tolerance


@pytest.mark.parametrize("spec", UNCERTAIN, ids=ids(UNCERTAIN))
def test_uncertainty_default_is_its_prior_median(spec):
    gap, tolerance = median_gap(spec)
    assert gap <= tolerance + 1e-12, (
        f"{spec.name}: default {spec.default:g} is {gap:g} from its prior's median "
        f"{spec.prior.median():g} ({spec.prior}); allowed {tolerance:g}"
    )


def test_the_median_rule_catches_a_hopeful_default():
    spec = dataclasses.replace(SPECS["experience_ref_t"], default=200.0)  # the old default
    gap, tolerance = median_gap(spec)
    assert gap > tolerance
    assert len(UNCERTAIN) > 100


def test_shock_timing_is_a_scenario_setting_not_an_uncertainty():
    for name in ("shock_start_month", "shock_months"):
        assert SPECS[name].role == "structural"


@pytest.mark.parametrize("spec", BOOLS + CHOICES, ids=ids(BOOLS + CHOICES))
def test_switches_and_choices_have_a_discrete_prior(spec):
    assert spec.prior.kind == "discrete"
    if spec.choices is not None:
        assert spec.default in spec.choices and len(spec.choices) >= 2


@pytest.mark.parametrize(("name", "default"), FIXED_DEFAULTS.items())
def test_fixed_names_exist_with_design_defaults(name, default):
    assert name in SPECS
    assert getattr(Params(), name) == default
    assert type(getattr(Params(), name)) is type(default)


def test_learning_rate_is_an_uncertainty_over_the_design_range():
    spec = SPECS["learning_rate"]
    assert spec.role == "uncertainty"
    assert (spec.low, spec.high) == (0.0, 0.5)


def test_fields_gives_a_copy():
    fields = Params.fields()
    fields.pop("learning_rate")
    assert "learning_rate" in Params.fields()


# ---- validation ----------------------------------------------------------------------------------
def _assert_names(exc: pytest.ExceptionInfo, spec) -> None:
    message = str(exc.value)
    assert spec.name in message
    assert f"{spec.low:g}" in message and f"{spec.high:g}" in message, message


@pytest.mark.parametrize("spec", NUMERIC, ids=ids(NUMERIC))
def test_out_of_range_is_refused_naming_parameter_and_range(spec):
    width = spec.high - spec.low
    above = spec.high + max(1, width)
    below = spec.low - max(1, width)
    for bad in (above, below):
        value = int(bad) if spec.type is int else float(bad)
        with pytest.raises(ParameterError) as exc:
            Params(**{spec.name: value})
        _assert_names(exc, spec)


@pytest.mark.parametrize("spec", NUMERIC, ids=ids(NUMERIC))
def test_range_bounds_are_accepted(spec):
    for bound in (spec.low, spec.high):
        value = int(bound) if spec.type is int else float(bound)
        try:
            p = Params(**{spec.name: value})
        except ParameterError as exc:  # only a cross-field check may refuse a bound
            assert spec.name in str(exc) and "must" in str(exc)
            continue
        assert getattr(p, spec.name) == value


@pytest.mark.parametrize("spec", FLOATS, ids=ids(FLOATS))
@pytest.mark.parametrize(
    "bad", ["abc", True, None, float("nan")], ids=["str", "bool", "none", "nan"]
)
def test_float_field_refuses_wrong_type(spec, bad):
    with pytest.raises(ParameterError) as exc:
        Params(**{spec.name: bad})
    _assert_names(exc, spec)


@pytest.mark.parametrize("spec", INTS, ids=ids(INTS))
@pytest.mark.parametrize("bad", ["abc", True, 1.5], ids=["str", "bool", "fraction"])
def test_int_field_refuses_wrong_type(spec, bad):
    with pytest.raises(ParameterError) as exc:
        Params(**{spec.name: bad})
    _assert_names(exc, spec)


def test_whole_float_for_int_and_int_for_float_are_coerced():
    p = Params(award_month=12.0, learning_rate=0)
    assert p.award_month == 12 and type(p.award_month) is int
    assert p.learning_rate == 0.0 and type(p.learning_rate) is float


@pytest.mark.parametrize("spec", BOOLS, ids=ids(BOOLS))
def test_switch_refuses_non_bool(spec):
    for bad in (1, "true", None):
        with pytest.raises(ParameterError) as exc:
            Params(**{spec.name: bad})
        assert spec.name in str(exc.value)


@pytest.mark.parametrize("spec", CHOICES, ids=ids(CHOICES))
def test_choice_refuses_unknown_value_listing_the_choices(spec):
    with pytest.raises(ParameterError) as exc:
        Params(**{spec.name: "no-such-choice"})
    assert spec.name in str(exc.value)
    assert all(c in str(exc.value) for c in spec.choices)


def test_message_reads_like_the_style_guide():
    with pytest.raises(ParameterError) as exc:
        Params(learning_rate=1.7)
    message = str(exc.value)
    assert "learning_rate=1.7" in message and "0-0.5" in message
    assert SPECS["learning_rate"].label.split()[0] in message


def test_unknown_name_is_refused_by_replace_and_from_dict_with_a_hint():
    for build in (
        lambda: Params().replace(learning_rte=0.3),
        lambda: Params.from_dict({"learning_rte": 0.3}),
    ):
        with pytest.raises(ParameterError) as exc:
            build()
        assert "learning_rte" in str(exc.value)
        assert "learning_rate" in str(exc.value)  # the closest known name


def test_unknown_name_is_refused_by_the_constructor():
    with pytest.raises(ParameterError) as exc:
        Params(learning_rte=0.3)
    assert "learning_rte" in str(exc.value)


def test_replace_validates_and_returns_a_new_object():
    p = Params()
    q = p.replace(learning_rate=0.35)
    assert q.learning_rate == 0.35 and p.learning_rate == 0.2 and q is not p
    with pytest.raises(ParameterError, match="learning_rate"):
        p.replace(learning_rate=0.6)
    with pytest.raises(ParameterError, match="award_month"):
        p.replace(award_month=1.5)
    assert q.replace(learning_rate=0.2) == p


def test_params_are_immutable_and_hashable():
    p = Params()
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.learning_rate = 0.3  # type: ignore[misc]
    assert p.learning_rate == 0.2
    assert hash(p) == hash(Params())


@pytest.mark.parametrize(
    ("overrides", "names"),
    [
        ({"target_month": 130}, ("target_month", "horizon_months")),
        ({"horizon_months": 60}, ("target_month", "horizon_months")),
        ({"award_month": 30, "target_month": 24}, ("award_month", "target_month")),
        ({"bid_capacity_min_t": 1500.0}, ("bid_capacity_min_t", "bid_capacity_max_t")),
        ({"n_beneficiaries": 8}, ("n_beneficiaries", "n_firms")),
        ({"process_yield_novice": 0.7, "process_yield_frontier": 0.85}, ()),
        (
            {
                "sector_share_autos": 0.55,
                "sector_share_electronics": 0.35,
                "sector_share_wind": 0.1 + 1e-6,
            },
            ("sector_share",),
        ),
    ],
)
def test_cross_field_checks(overrides, names):
    if names == ():  # a valid edge: novice yield below frontier yield
        Params(**overrides)
        return
    with pytest.raises(ParameterError) as exc:
        Params(**overrides)
    assert all(n in str(exc.value) for n in names), str(exc.value)
    with pytest.raises(ParameterError):
        Params().replace(**overrides)


def test_cross_field_check_accepts_target_at_horizon():
    p = Params(horizon_months=84, target_month=84)
    assert p.target_month == p.horizon_months


def test_to_dict_round_trips_and_changed_lists_overrides():
    p = Params(learning_rate=0.3, scheme_enabled=False)
    assert Params.from_dict(p.to_dict()) == p
    assert p.changed() == {"learning_rate": 0.3, "scheme_enabled": False}
    assert Params().changed() == {}
