"""The views' data and charts: tidy frames from the public frames, valid Vega-Lite, one palette."""

from __future__ import annotations

import re
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest

from ecosystem import Params, simulate
from ecosystem.outputs import TARGET_T
from viz import charts, ensemble, frames, palette


@pytest.fixture(scope="module")
def run():
    return simulate("baseline", seed=3, twin=True)


@pytest.fixture(scope="module")
def reference():
    return simulate("baseline", seed=3, record_agents=False)


def _all_text(spec) -> str:
    return repr(spec)


def _validated(chart) -> dict:
    """Vega-Lite with schema validation (the app skips it for speed; the tests do not)."""
    with alt.data_transformers.disable_max_rows():
        return charts.styled(chart).to_dict(validate=True)


# ---------------------------------------------------------------------------------- palette


def test_palette_is_okabe_ito_and_roles_are_distinct():
    assert set(palette.OKABE_ITO.values()) == {
        "#000000",
        "#E69F00",
        "#56B4E9",
        "#009E73",
        "#F0E442",
        "#0072B2",
        "#D55E00",
        "#CC79A7",
    }
    roles = [palette.RUN, palette.TWIN, palette.REFERENCE, palette.CAPACITY, palette.DEMAND]
    assert len(set(roles)) == len(roles)
    assert len(set(palette.LOSS_CHAIN.values())) == len(palette.LOSS_CHAIN)
    assert palette.categorical(10)[8] == palette.categorical(10)[0]


# ---------------------------------------------------------------------------------- frames


def test_month_dates_start_in_december_2025():
    assert frames.month_date(0) == "2025-12-01"
    assert frames.month_date(1) == "2026-01-01"
    assert frames.month_date(84) == "2032-12-01"
    assert list(frames.month_date(pd.Series([0, 13]))) == ["2025-12-01", "2027-01-01"]
    assert frames.month_label(84) == "Dec 2032"


def test_ramp_frame_has_run_twin_and_reference(run, reference):
    f = frames.ramp_frame(run, reference)
    assert len(f) == len(run.timeseries)
    for col in (
        "production_t",
        "twin_production_t",
        "capacity_installed_t",
        "demand_t",
        "reference_production_t",
    ):
        assert col in f and f[col].notna().all()
    np.testing.assert_allclose(f["twin_production_t"], run.twin.timeseries["production_t"])
    np.testing.assert_allclose(f["reference_production_t"], reference.timeseries["production_t"])


def test_ramp_frame_of_a_short_run_spans_the_reference(run, reference):
    short = simulate("baseline", seed=3, twin=True, horizon_months=40, target_month=30)
    f = frames.ramp_frame(short, reference)
    assert len(f) == len(reference.timeseries)
    assert f.loc[f["month"] > 40, "production_t"].isna().all()


def test_loss_frame_sums_to_committed_capacity(run):
    f = frames.loss_frame(run)
    losses = f[[f"lost_to_{s}_t" for s in frames.LOSS_STAGES]].sum(axis=1)
    np.testing.assert_allclose(f["production_t"] + losses, f["capacity_committed_t"], atol=1e-6)


def test_expertise_frame_marks_beneficiaries_partners_and_the_national_line(run):
    f = frames.expertise_frame(run)
    national = f[f["agent_id"] == -100]
    assert len(national) == len(run.timeseries)
    firms = f[f["agent_id"] != -100]
    assert firms["expertise_gap"].dropna().between(0, 1).all()
    labels = set(firms["firm"])
    assert any("beneficiary L" in label for label in labels)
    if firms["partnered"].any():
        assert any("partner:" in label for label in labels)
    assert firms["agent_id"].nunique() <= frames.MAX_FIRMS_DRAWN


def test_binding_frame_names_a_stage_of_the_chain(run):
    f = frames.binding_frame(run)
    assert len(f) > 0
    assert set(f["binding_constraint"]) <= {"none", *frames.LOSS_STAGES}
    assert (f["month"] == run.timeseries["month"].max()).all()


def test_network_frames_place_every_edge_between_known_nodes(run):
    nodes, edges = frames.network_frames(run)
    assert set(nodes["type"]) >= {"manufacturer", "rnd_centre", "partner"}
    assert not edges.empty
    assert edges["weight"].between(0, 1).all()
    assert set(edges["kind"]) <= set(palette.FLOW_KINDS)
    assert set(edges["source_id"]) | set(edges["target_id"]) <= set(nodes["agent_id"])
    per_kind_max = edges.groupby("kind")["weight"].max()
    np.testing.assert_allclose(per_kind_max, 1.0)


def test_milestones_frame_lists_reached_milestones_only(run):
    f = frames.milestones_frame(run)
    assert set(f["milestone"]) <= set(frames.MILESTONE_LABELS.values())
    ms = run.milestones.set_index("agent_id")
    for row in f.itertuples():
        column = {v: k for k, v in frames.MILESTONE_LABELS.items()}[row.milestone]
        assert ms.loc[row.agent_id, column] == row.month


# ---------------------------------------------------------------------------------- charts


def test_ramp_chart_draws_target_twin_gap_and_reference(run, reference):
    f = frames.ramp_frame(run, reference)
    gap = run.summary["shortfall_due_to_gap_t"]
    spec = _validated(
        charts.ramp_chart(
            f, target_date="2032-12-01", gap_t=gap, x_domain=("2025-12-01", "2035-12-01")
        )
    )
    text = _all_text(spec)
    assert "Magnets (t/yr)" in text and "Date (model month 0 = Dec 2025)" in text
    assert "Production, twin without expertise gap" in text
    assert "Production, scenario unchanged (reference)" in text
    assert f"Target {TARGET_T:,.0f} t/yr" in text
    assert f"{gap:,.0f} t lost to the expertise gap" in text
    assert palette.REFERENCE in text and palette.TWIN in text and palette.RUN in text
    assert spec["title"]["text"].startswith("The ramp")


@pytest.mark.parametrize(
    "build, title, axis",
    [
        (
            lambda r: charts.expertise_chart(frames.expertise_frame(r)),
            "Expertise gap",
            "Workforce skill (share of expert)",
        ),
        (
            lambda r: charts.loss_chain_chart(frames.loss_frame(r)),
            "The loss chain",
            "Committed capacity (t/yr)",
        ),
        (
            lambda r: charts.binding_chart(frames.binding_frame(r)),
            "binding constraint",
            "Committed capacity (t/yr)",
        ),
        (lambda r: charts.network_chart(*frames.network_frames(r)), "Knowledge network", "Link"),
        (
            lambda r: charts.milestones_chart(frames.milestones_frame(r)),
            "Firm milestones",
            "Milestone",
        ),
    ],
)
def test_every_chart_is_valid_vega_lite_with_title_axes_and_legend(run, build, title, axis):
    spec = _validated(build(run))
    text = _all_text(spec)
    assert title in text and axis in text
    assert "legend" in text or "title" in text


def test_ensemble_chart_draws_both_bands():
    ens = ensemble.run_ensemble(Params(), 1, 3)
    f = ensemble.band_frame(ens)
    assert set(f["series"]) == {"Current settings", "Twin without expertise gap"}
    assert (f["q05"] <= f["median"] + 1e-9).all() and (f["median"] <= f["q95"] + 1e-9).all()
    spec = _validated(charts.ensemble_chart(f, target_date="2032-12-01", n_seeds=3))
    text = _all_text(spec)
    assert "3 seeds" in text and palette.TWIN in text and palette.RUN in text


def test_fast_spec_equals_the_validated_one(run, reference):
    chart = charts.ramp_chart(frames.ramp_frame(run, reference))
    fast = charts.to_spec(chart)
    assert fast.pop("usermeta") == {"embedOptions": charts.EMBED_OPTIONS}
    # the app's additions: the bundled runtime's version, and the card's width
    assert fast.pop("$schema").endswith(f"/v{charts.RUNTIME_VEGA_LITE}.json")
    assert fast.pop("width") == "container" and fast.pop("autosize")["type"] == "fit-x"
    validated = _validated(chart)
    del validated["$schema"], validated["width"]
    assert fast == validated
    assert charts.fixed_width(charts.to_spec(chart))["width"] == charts.WIDTH


def test_specs_declare_the_vega_lite_of_the_bundled_runtime():
    """The browser logs a warning when a spec's version differs from the runtime's."""
    import json

    from solara.server.settings import assets

    package = Path(assets.proxy_cache_dir) / "vega-lite@5" / "package.json"
    assert json.loads(package.read_text())["version"] == charts.RUNTIME_VEGA_LITE


def test_charts_scale_to_many_firms():
    big = simulate(Params(n_firms=40, n_beneficiaries=5), seed=1, twin=True)
    f = frames.expertise_frame(big)
    assert f.loc[f["agent_id"] != -100, "agent_id"].nunique() <= frames.MAX_FIRMS_DRAWN
    spec = charts.to_spec(charts.expertise_chart(f))
    assert len(re.findall("firm", repr(spec))) > 0


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_text_colours_meet_contrast_and_link_kinds_are_distinct():
    """WCAG AA: text on white at >= 4.5:1; licence and training links never share a hue."""
    for colour in (palette.TEXT_GREY, palette.TARGET):
        assert (1.05) / (_luminance(colour) + 0.05) >= 4.5, colour
    assert len(set(palette.FLOW_KINDS.values())) == len(palette.FLOW_KINDS)
    assert palette.FLOW_KINDS["training"] != palette.OKABE_ITO["sky_blue"]
    assert set(frames.LOSS_STAGES) <= {
        c.removeprefix("lost_to_").removesuffix("_t")
        for c in simulate("baseline", seed=0).timeseries.columns
        if c.startswith("lost_to_")
    }


def test_shock_charts_are_valid_vega_lite_with_the_controls_shaded():
    from ecosystem import simulate
    from viz import shockview

    result = simulate("china_shock", seed=2)
    for series in (shockview.UNMET_SERIES, shockview.COVER_SERIES):
        frame = shockview.shock_frame(result, series)
        assert set(frame["series"]) == set(series.values())
        assert len(frame) == len(series) * len(result.timeseries)
        spec = _validated(
            shockview.shock_chart(
                frame, title="t", y_title="y", window=("2029-12-01", "2031-06-01")
            )
        )
        assert spec["datasets"][spec["layer"][0]["data"]["name"]] == [
            {"start": "2029-12-01", "end": "2031-06-01"}
        ]
