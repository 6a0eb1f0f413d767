"""Results folders: Parquet frames plus run.json, written atomically and read back unchanged."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from ecosystem import Params, simulate
from ecosystem.io import FRAMES, MANIFEST, read_result, to_jsonable, write_result
from ecosystem.outputs import SCHEMA_VERSION, SUMMARY


@pytest.fixture(scope="module")
def result():
    return simulate("baseline", seed=3)


@pytest.fixture(scope="module")
def twin_result():
    return simulate("baseline", seed=3, twin=True)


def strict_json(path):
    """Parse JSON refusing the non-standard NaN/Infinity tokens."""

    def refuse(token):
        raise ValueError(f"non-standard JSON token {token}")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def test_writes_every_frame_and_manifest(result, tmp_path):
    out = write_result(result, tmp_path / "run")
    assert out == tmp_path / "run"
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"{name}.parquet" for name in FRAMES] + [MANIFEST])
    assert {"timeseries", "agents", "milestones", "flows", "fiscal_years"} <= set(FRAMES)


def test_manifest_records_run_and_provenance(result, tmp_path):
    out = write_result(result, tmp_path / "run", extra={"scenario": "baseline"})
    manifest = strict_json(out / MANIFEST)
    assert manifest["scenario"] == "baseline"
    assert manifest["seed"] == 3
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert set(manifest["params"]) == set(Params.fields())
    assert manifest["changed"] == {}
    assert set(manifest["summary"]) == {c.name for c in SUMMARY}
    assert manifest["summary"]["production_target_t"] == pytest.approx(
        result.summary["production_target_t"]
    )
    assert set(manifest["versions"]) >= {"ecosystem", "mesa", "numpy", "pandas", "pyarrow"}
    assert re.fullmatch(r"[0-9a-f]{32}", manifest["code_digest"])
    assert manifest["versions"]["mesa"] == "3.5.1"
    assert re.fullmatch(r"3\.\d+\.\d+", manifest["python"])
    assert manifest["git_commit"] is None or re.fullmatch(r"[0-9a-f]{40}", manifest["git_commit"])
    created = datetime.fromisoformat(manifest["created_utc"])
    assert created.utcoffset() is not None and created.utcoffset().total_seconds() == 0
    assert manifest["files"]["timeseries.parquet"]["rows"] == len(result.timeseries)


def test_changed_parameters_recorded(tmp_path):
    res = simulate("baseline", seed=0, learning_rate=0.3)
    manifest = strict_json(write_result(res, tmp_path / "run") / MANIFEST)
    assert manifest["params"]["learning_rate"] == 0.3
    assert manifest["changed"] == {"learning_rate": 0.3}


def test_round_trip_gives_equal_frames(result, tmp_path):
    stored = read_result(write_result(result, tmp_path / "run"))
    assert sorted(stored.frames) == sorted(FRAMES)
    for name in FRAMES:
        pd.testing.assert_frame_equal(stored.frames[name], getattr(result, name))
    assert stored.manifest["seed"] == 3


def test_twin_frames_written_and_read(twin_result, tmp_path):
    stored = read_result(write_result(twin_result, tmp_path / "run"))
    for name in FRAMES:
        pd.testing.assert_frame_equal(
            stored.frames[f"twin_{name}"], getattr(twin_result.twin, name)
        )
    assert stored.manifest["twin"] is True
    assert stored.manifest["twin_summary"]["expertise_gap_target"] == 0.0
    assert stored.manifest["summary"]["shortfall_due_to_gap_t"] is not None


def test_rewrite_without_twin_removes_stale_twin_files(result, twin_result, tmp_path):
    out = tmp_path / "run"
    write_result(twin_result, out)
    assert (out / "twin_timeseries.parquet").exists()
    (out / "notes.txt").write_text("mine")
    write_result(result, out)
    assert not list(out.glob("twin_*"))
    assert (out / "notes.txt").read_text() == "mine"
    assert strict_json(out / MANIFEST)["twin"] is False


def test_nan_is_written_as_null(result, tmp_path):
    odd = dataclasses.replace(
        result, summary={**result.summary, "expertise_gap_target": float("nan"), "x": np.inf}
    )
    manifest = strict_json(write_result(odd, tmp_path / "run") / MANIFEST)
    assert manifest["summary"]["expertise_gap_target"] is None
    assert manifest["summary"]["x"] is None


def test_to_jsonable_converts_numpy_and_nan():
    data = {"a": np.float64("nan"), "b": np.int64(3), "c": (np.bool_(True), 1.5), 4: None}
    assert to_jsonable(data) == {"a": None, "b": 3, "c": [True, 1.5], "4": None}


def test_no_temporary_folder_left_behind(result, tmp_path):
    write_result(result, tmp_path / "run")
    write_result(result, tmp_path / "run")
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_interrupted_write_keeps_previous_result(result, tmp_path, monkeypatch):
    out = tmp_path / "run"
    write_result(result, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []

    def failing_to_parquet(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return original(self, *args, **kwargs)

    original = pd.DataFrame.to_parquet
    monkeypatch.setattr(pd.DataFrame, "to_parquet", failing_to_parquet)
    with pytest.raises(OSError, match="disk full"):
        write_result(result, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_extra_cannot_overwrite_recorded_entries(result, tmp_path):
    with pytest.raises(ValueError, match="seed"):
        write_result(result, tmp_path / "run", extra={"seed": 99})
    assert list(tmp_path.iterdir()) == []


def test_read_result_refuses_incomplete_folder(result, tmp_path):
    out = write_result(result, tmp_path / "run")
    (out / MANIFEST).unlink()
    with pytest.raises(FileNotFoundError, match="run.json"):
        read_result(out)


def test_write_refuses_a_place_that_is_not_a_run_folder(result, tmp_path, monkeypatch):
    """An empty path, a file, or a folder holding something else is refused, nothing written."""
    from ecosystem import OutputError

    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match="empty"):
        result.write("")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="not a folder"):
        result.write("notes.md")
    experiment = tmp_path / "exp"
    (experiment / "chunks").mkdir(parents=True)
    (experiment / "manifest.json").write_text("{}", encoding="utf-8")
    with pytest.raises(OutputError, match=r"chunks/, manifest\.json: not a run's folder"):
        result.write(experiment)
    assert sorted(p.name for p in experiment.iterdir()) == ["chunks", "manifest.json"]


def test_write_replaces_an_earlier_run(result, tmp_path):
    out = result.write(tmp_path / "run")
    before = (out / MANIFEST).read_text(encoding="utf-8")
    again = result.write(out)
    assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in out.iterdir())
    assert (
        json.loads((again / MANIFEST).read_text(encoding="utf-8"))["seed"]
        == json.loads(before)["seed"]
    )


def test_write_names_the_folder_it_cannot_write(result, tmp_path):
    """A folder under a file cannot be created: the error names the folder, not a temp file."""
    from ecosystem import OutputError

    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match=r"notes\.md/run: cannot write"):
        result.write(tmp_path / "notes.md" / "run")
