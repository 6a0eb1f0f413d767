"""Hostile experiment folders: two writers, changed code, damaged manifests and chunks, full disks.

Kinds (1), (2), (6) and (7) of issue 10. Every case ends with nothing sound lost and a clear
message; repaired folders finish with the content hash of an undamaged run of the same design.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys

import pytest
from hostile_helpers import refused

from experiments import ensemble_design, load_experiment, run_experiment, worker
from experiments import storage as storage_module
from experiments.folder import (
    CHUNKS,
    MANIFEST,
    CodeChangedError,
    DamagedExperimentError,
    FolderLock,
    FolderLockedError,
    StoreWriteError,
    lock_holder,
)

DESIGN = {"scenarios": ["baseline"], "reps": 4, "master_seed": 3, "frames": ("timeseries",)}
ARGV = ["ensemble", "baseline", "--reps", "4", "--seed", "3", "--frames", "timeseries"]


def _design():
    d = DESIGN
    return ensemble_design(d["scenarios"], d["reps"], d["master_seed"], frames=d["frames"])


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """An undamaged experiment, one run per chunk."""
    out = tmp_path_factory.mktemp("clean") / "exp"
    report = run_experiment(_design(), out, progress=False, chunk_runs=1)
    assert report.status == "complete" and len(load_experiment(out).manifest["chunks"]) == 4
    return out, report.content_hash


def _copy(clean, tmp_path):
    out = tmp_path / "exp"
    shutil.copytree(clean[0], out)
    return out


def _interrupted(tmp_path, monkeypatch, after=2):
    """An experiment stopped by Ctrl-C after ``after`` runs."""
    real, calls = worker.execute, []

    def execute(params, seed, job):
        if len(calls) >= after:
            raise KeyboardInterrupt
        calls.append(seed)
        return real(params, seed, job)

    monkeypatch.setattr(worker, "execute", execute)
    out = tmp_path / "exp"
    with pytest.raises(KeyboardInterrupt):
        run_experiment(_design(), out, progress=False, chunk_runs=1)
    monkeypatch.setattr(worker, "execute", real)
    return out


# ---- (2) two writers, one folder -------------------------------------------------------------
def test_a_second_writer_is_refused_naming_the_holder(tmp_path, capsys, monkeypatch):
    out = _interrupted(tmp_path, monkeypatch)
    holder = FolderLock(out).acquire("another resume")
    try:
        with pytest.raises(FolderLockedError, match=rf"pid {os.getpid()}, started 20\d\d-"):
            run_experiment(_design(), out, resume=True, progress=False)
        line = refused(capsys, [*ARGV, "--out", out, "--resume"])
        assert f"pid {os.getpid()}" in line and "being written by another command" in line
        assert lock_holder(out).startswith(f"pid {os.getpid()}")
        assert load_experiment(out).manifest["counts"]["done"] == 2  # nothing ran
    finally:
        holder.release()
    assert lock_holder(out) is None


def test_the_lock_dies_with_its_process(tmp_path, clean):
    out = _copy(clean, tmp_path)
    code = (
        "import sys; from experiments.folder import FolderLock; "
        f"FolderLock({str(out)!r}).acquire('holder'); print('locked', flush=True); "
        "sys.stdin.read()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout.readline().strip() == "locked"
            assert f"pid {proc.pid}" in lock_holder(out)
            with pytest.raises(FolderLockedError, match=f"pid {proc.pid}"):
                FolderLock(out).acquire()
        finally:
            proc.kill()
            proc.wait()
    assert lock_holder(out) is None  # SIGKILL released it: nothing stale to clean up
    FolderLock(out).acquire().release()


def test_concurrent_new_experiments_into_one_folder(tmp_path, no_run):
    out = tmp_path / "exp"
    first = FolderLock(out).acquire("first")
    try:
        with pytest.raises(FolderLockedError):
            storage_module.Store.create(out, _design())
    finally:
        first.release()
    assert [p.name for p in out.iterdir()] == [".lock"]  # the loser wrote nothing


# ---- (1) resume after the model changed ------------------------------------------------------
def _changed_identity(monkeypatch, **packages):
    real = storage_module.code_identity()
    fake = json.loads(json.dumps(real))
    if packages:
        fake["packages"].update(packages)
    else:
        fake["files"]["ecosystem/market_clearing.py"] = "0" * 32
    fake["digest"] = "f" * 32
    monkeypatch.setattr(storage_module, "code_identity", lambda: fake)
    return fake


def test_resume_under_changed_code_is_refused_then_allowed_and_recorded(
    tmp_path, monkeypatch, capsys, clean
):
    out = _interrupted(tmp_path, monkeypatch)
    _changed_identity(monkeypatch)
    with pytest.raises(CodeChangedError, match=r"ecosystem/market_clearing\.py changed"):
        run_experiment(_design(), out, resume=True, progress=False)
    line = refused(capsys, [*ARGV, "--out", out, "--resume"])
    assert "--allow-code-change" in line
    assert load_experiment(out).manifest["counts"]["done"] == 2  # nothing touched
    report = run_experiment(_design(), out, resume=True, allow_code_change=True, progress=False)
    assert report.status == "complete"
    m = load_experiment(out).manifest
    assert m["code_changes"][0]["changes"] == ["ecosystem/market_clearing.py changed"]
    assert m["sessions"][-1]["code"] == "f" * 32 != m["sessions"][0]["code"]


def test_a_changed_numpy_is_named(tmp_path, monkeypatch):
    out = _interrupted(tmp_path, monkeypatch)
    _changed_identity(monkeypatch, numpy="0.0.1")
    with pytest.raises(CodeChangedError, match=r"numpy \S+ -> 0\.0\.1"):
        run_experiment(_design(), out, resume=True, progress=False)


def test_unchanged_code_resumes_to_the_clean_hash(tmp_path, monkeypatch, clean):
    out = _interrupted(tmp_path, monkeypatch)
    report = run_experiment(_design(), out, resume=True, progress=False, chunk_runs=1)
    assert report.content_hash == clean[1]


# ---- (6) damaged folders ---------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"\x00\xff garbage", b"[1, 2]", b'{"format": 1}'])
def test_a_damaged_manifest_is_refused_then_rebuilt(tmp_path, capsys, clean, content):
    out = _copy(clean, tmp_path)
    (out / MANIFEST).write_bytes(content)
    with pytest.raises(DamagedExperimentError, match="damaged"):
        load_experiment(out)
    assert "damaged" in refused(capsys, ["verify", out])
    assert "damaged" in refused(
        capsys, ["sensitivity", "--method", "sobol", "--screen", out, "--out", tmp_path / "s"]
    )
    report = run_experiment(_design(), out, resume=True, progress=False)
    assert report.executed == 0 and report.content_hash == clean[1]  # every chunk adopted
    kept = [p for p in out.iterdir() if p.name.startswith(f"{MANIFEST}.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == content  # the damaged file is kept
    assert load_experiment(out).manifest["rebuilt"]["kept"] == kept[0].name


def test_a_damaged_manifest_of_another_design_is_not_rebuilt(tmp_path, clean):
    out = _copy(clean, tmp_path)
    (out / MANIFEST).write_text("{")
    other = ensemble_design(["baseline"], 5, 3, frames=("timeseries",))
    with pytest.raises(DamagedExperimentError, match="cannot be rebuilt"):
        run_experiment(other, out, resume=True, progress=False)
    assert (out / MANIFEST).read_text() == "{"


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete_file", "delete_chunk"])
def test_a_damaged_chunk_is_set_aside_and_rerun(tmp_path, capsys, clean, damage):
    out = _copy(clean, tmp_path)
    chunk = out / CHUNKS / "c000002"
    target = chunk / "timeseries.parquet"
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:100])
    elif damage == "garbage":
        target.write_bytes(b"not parquet at all")
    elif damage == "delete_file":
        (chunk / "runs.parquet").unlink()
    else:
        shutil.rmtree(chunk)
    if damage.startswith("delete"):
        with pytest.raises(DamagedExperimentError, match="c000002"):
            load_experiment(out)
        assert "--resume" in refused(capsys, ["verify", out])
    notes: list[str] = []
    report = run_experiment(_design(), out, resume=True, progress=False, log=notes.append)
    assert report.executed == 1 and report.content_hash == clean[1]
    assert any("c000002" in n for n in notes)
    if damage != "delete_chunk":  # the damaged files are kept, never deleted
        assert [p.name.split("-")[1] for p in (out / CHUNKS).glob(".damaged-*")] == ["c000002"]
    assert load_experiment(out).summary["run_id"].tolist() == [0, 1, 2, 3]


def test_verify_reports_an_unreadable_chunk_file_without_crashing(tmp_path, capsys, clean):
    out = _copy(clean, tmp_path)
    (out / CHUNKS / "c000003" / "timeseries.parquet").write_bytes(b"garbage")
    from experiments.cli import main

    assert main(["verify", str(out), "--sample", "1"]) == 1
    text = capsys.readouterr().out
    assert "c000003/timeseries.parquet: unreadable" in text and "FAILED" in text
    with pytest.raises(DamagedExperimentError, match="timeseries.parquet: unreadable"):
        load_experiment(out).table("timeseries")


# ---- (7) full disk ---------------------------------------------------------------------------
def test_a_full_disk_ends_interrupted_and_resumes(tmp_path, monkeypatch, capsys, clean):
    real = storage_module.write_parquet

    def write_parquet(df, path):
        if ".tmp-c" in str(path):  # every chunk: the disk is full once the design is written
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(df, path)

    monkeypatch.setattr(storage_module, "write_parquet", write_parquet)
    out = tmp_path / "exp"
    line = refused(capsys, [*ARGV, "--out", out, "--no-progress"], code=1, progress=True)
    assert "No space left on device" in line and "--resume" in line
    m = json.loads((out / MANIFEST).read_text())
    assert m["status"] == "interrupted" and m["sessions"][-1]["outcome"] == "interrupted"
    assert not list((out / CHUNKS).glob(".tmp-*"))
    with pytest.raises(StoreWriteError):
        run_experiment(_design(), tmp_path / "again", progress=False, chunk_runs=1)
    monkeypatch.setattr(storage_module, "write_parquet", real)
    report = run_experiment(_design(), out, resume=True, progress=False)
    assert report.status == "complete" and report.content_hash == clean[1]


def test_a_manifest_left_running_by_a_dead_process_reads_interrupted(tmp_path, clean):
    out = _copy(clean, tmp_path)
    m = json.loads((out / MANIFEST).read_text())
    m["status"] = "running"
    (out / MANIFEST).write_text(json.dumps(m))
    assert load_experiment(out).manifest["status"] == "interrupted"
