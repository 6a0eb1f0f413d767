"""Frames built from declared column kinds equal the frames pandas infers from the same rows.

`ecosystem.frames` skips pandas' type inference for speed; these tests rebuild each frame the slow
way (``DataFrame.from_records`` and ``astype``) and require the same dtypes and values, for the
default model and for shapes where a column's contents change (no R&D centres, no partners, one
firm, a shock), so a declared kind that no longer matches what a column holds fails here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ecosystem import MagnetModel, Params, load_scenario
from ecosystem.frames import FLAG, FLOAT, INT, MONTH, TEXT, column, columns_frame, rows_frame
from ecosystem.outputs import MILESTONES
from ecosystem.recorder import FIRM_COLUMNS, FLOW_COLUMNS

CASES = {
    "default": Params(),
    "no R&D centres or partners": Params(n_rnd_centres=0, n_partners=0),
    "one firm": Params(n_firms=1, n_beneficiaries=1),
    "china shock": load_scenario("china_shock"),
}


def _inferred(model: MagnetModel) -> dict[str, pd.DataFrame]:
    """The frames as pandas infers them from the recorder's rows (the slow, reference way)."""
    rec = model.recorder
    names = [c.name for c in MILESTONES]
    ms = pd.DataFrame.from_records(
        [{"agent_id": f.unique_id, "name": f.name, **f.milestones} for f in model.firms],
        columns=names,
    )
    ms = ms.astype(dict.fromkeys(names[2:], "Int64"))
    return {
        "agents": pd.DataFrame.from_records(rec.agent_rows, columns=list(FIRM_COLUMNS)),
        "flows": pd.DataFrame.from_records(rec.flows, columns=list(FLOW_COLUMNS)),
        "milestones": ms,
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_typed_frames_equal_inferred_frames(case: str) -> None:
    model = MagnetModel(CASES[case], rng=3)
    model.run()
    result = model.result()
    expected = _inferred(model)
    assert len(result.agents) > 0 and len(result.flows) > 0
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(getattr(result, name), frame, check_exact=True)


def test_empty_rows_give_the_empty_frame_pandas_gives() -> None:
    model = MagnetModel(rng=1, record_agents=False)
    model.run()
    assert model.result().agents.empty
    got = rows_frame([], ["a", "b"], [INT, FLOAT])
    pd.testing.assert_frame_equal(got, pd.DataFrame.from_records([], columns=["a", "b"]))


def test_each_kind_gives_its_dtype() -> None:
    frame = columns_frame(
        {
            "i": [1, 2],
            "f": [1, None],
            "t": ["a", None],
            "flag": [True, None],
            "m": [3, None],
        },
        [INT, FLOAT, TEXT, FLAG, MONTH],
    )
    assert frame["i"].dtype == np.int64
    assert frame["f"].dtype == np.float64 and np.isnan(frame["f"].iloc[1])
    assert column([None, None], FLOAT).dtype == object  # as pandas infers a column of None
    assert str(frame["t"].dtype) == "str" and pd.isna(frame["t"].iloc[1])
    assert frame["flag"].dtype == object and frame["flag"].iloc[0] is True
    assert frame["flag"].iloc[1] is None
    assert str(frame["m"].dtype) == "Int64" and frame["m"].iloc[1] is pd.NA


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown column kind 'bytes'"):
        column([1], "bytes")
