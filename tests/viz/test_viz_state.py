"""Per-session state: the live run and its twin in lockstep, settings, reference, ensembles."""

from __future__ import annotations

import gc
import signal
import weakref
from pathlib import Path

import numpy as np
import pytest

from ecosystem import ParameterError, Params, ScenarioError, load_scenario, simulate
from viz import ensemble
from viz.state import LiveRun, Settings, reference_result, scenario_names, snapshot


def test_settings_start_from_a_scenario_and_validate_changes():
    s = Settings.from_scenario("china_shock", seed=4)
    assert s.params == load_scenario("china_shock") and s.seed == 4
    assert s.overrides() == {}
    t = s.with_value("learning_rate", 0.3)
    assert t.overrides() == {"learning_rate": 0.3}
    assert s.params.learning_rate != 0.3  # immutable
    with pytest.raises(ParameterError, match="outside its range"):
        s.with_value("learning_rate", 7.0)
    with pytest.raises(ParameterError, match="n_beneficiaries=1000 must not exceed"):
        s.with_value("n_beneficiaries", 1000)
    with pytest.raises(ParameterError, match="seed"):
        s.with_seed(-1)
    with pytest.raises(ParameterError, match="seed"):
        s.with_seed("3")
    with pytest.raises(ScenarioError):
        Settings.from_scenario("no_such_scenario")
    assert hash(t) == hash(s.with_value("learning_rate", 0.3))


def test_scenario_picker_lists_every_file():
    names = scenario_names()
    assert "baseline" in names and "china_shock" in names
    assert len(names) == len(list(load_scenario.__globals__["SCENARIO_DIR"].glob("*.toml")))


def test_live_run_steps_run_and_twin_in_lockstep_and_matches_simulate():
    settings = Settings.from_scenario("baseline", seed=5)
    run = LiveRun(settings)
    assert run.month == 0 and run.running
    for _ in range(10):
        run.step()
    assert run.model.month == run.twin.month == 10
    mid = run.result()
    assert len(mid.timeseries) == 11 and mid.twin is not None
    assert run.result() is mid  # cached until the next step
    run.run()
    assert not run.running and run.month == settings.horizon
    run.step()  # past the horizon: nothing happens
    assert run.month == settings.horizon
    full = run.result()
    expected = simulate(settings.params, seed=5, twin=True)
    assert full.summary == expected.summary
    np.testing.assert_array_equal(
        full.twin.timeseries["production_t"], expected.twin.timeseries["production_t"]
    )


def test_two_live_runs_do_not_share_state():
    a = LiveRun.full(Settings.from_scenario("baseline", seed=1))
    b = LiveRun(Settings.from_scenario("baseline", seed=1).with_value("learning_rate", 0.4))
    b.run()
    assert a.model is not b.model and a.twin is not b.twin
    assert a.result().summary != b.result().summary
    assert a.result().summary == simulate("baseline", seed=1, twin=True).summary


def test_mesa_reset_rebuilds_from_the_chosen_settings():
    chosen = Settings.from_scenario("baseline", seed=2).with_value("learning_rate", 0.33)
    run = LiveRun.full(chosen)
    reset = type(run)(**{"settings": chosen})  # what Mesa's ModelController does on Reset
    assert reset.month == 0 and reset.settings.params.learning_rate == 0.33


def test_finished_runs_are_shared_and_the_cache_frees_what_it_drops(monkeypatch):
    from viz import state

    monkeypatch.setattr(state, "FINISHED_CACHE", 1)
    first = Settings.from_scenario("baseline", seed=8)
    run = LiveRun.full(first)
    assert LiveRun.full(first) is run  # a finished run never changes: shared, not re-run
    assert LiveRun.full(first.with_value("learning_rate", 0.31), cancelled=lambda: True) is None
    ref = weakref.ref(run.model)
    del run
    other = LiveRun.full(first.with_value("learning_rate", 0.32))  # drops the oldest
    assert list(state._finished.values()) == [other]
    gc.collect()
    assert ref() is None  # the dropped run is freed (no leak through the views' state)


def test_reference_is_the_scenario_unchanged_and_cached():
    a = reference_result("baseline", 0)
    assert reference_result("baseline", 0) is a
    assert (
        a.summary["production_target_t"]
        == simulate("baseline", seed=0).summary["production_target_t"]
    )
    snap = snapshot(LiveRun.full(Settings().with_value("learning_rate", 0.4)), a)
    assert snap.complete and snap.x_domain == ("2025-12-01", "2035-12-01")
    assert snap.target_date == "2032-12-01"


def test_ensemble_seeds_match_the_experiments_designs():
    seeds = ensemble.ensemble_seeds(42, 5)
    assert len(set(seeds)) == 5
    from experiments import design

    assert seeds == design.spawn_seeds(42, 5)


def test_ensemble_reports_progress_caches_and_cancels():
    seen = []
    ens = ensemble.run_ensemble(Params(), 11, 4, progress=lambda d, n: seen.append((d, n)))
    assert seen[-1] == (4, 4) and len(ens.seeds) == 4
    assert ens.production.shape == (4, Params().horizon_months + 1)
    assert ensemble.run_ensemble(Params(), 11, 4) is ens
    head = ensemble.headline(ens)
    assert head["q05_t"] <= head["median_t"] <= head["q95_t"]
    assert ensemble.run_ensemble(Params(), 12, 4, cancelled=lambda: True) is None
    with pytest.raises(ValueError, match="number of seeds"):
        ensemble.run_ensemble(Params(), 1, 0)


def test_ensemble_members_equal_single_runs():
    ens = ensemble.run_ensemble(Params(), 7, 2)
    for seed, row in zip(ens.seeds, ens.production, strict=True):
        np.testing.assert_array_equal(row, simulate(Params(), seed=seed).timeseries["production_t"])


def test_concurrent_ensembles_share_the_bounded_pool():
    import threading

    results = {}

    def job(seed):
        results[seed] = ensemble.run_ensemble(Params(), seed, 3)

    threads = [threading.Thread(target=job, args=(s,)) for s in (21, 22, 23)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(results) == [21, 22, 23]
    assert all(r is not None and len(r.seeds) == 3 for r in results.values())
    assert ensemble.WORKERS <= 2 and ensemble.MAX_JOBS >= 1


def test_an_ensemble_whose_pool_was_shut_down_ends_as_cancelled(monkeypatch):
    import concurrent.futures as cf

    pool = cf.ProcessPoolExecutor(max_workers=1)
    pool.shutdown()  # what the server's exit (or the tests' end) does under a running task
    monkeypatch.setattr(ensemble, "_executor", lambda: pool)
    assert ensemble.run_ensemble(Params(), 99, 2) is None


def test_an_ensemble_whose_workers_were_killed_ends_as_cancelled_without_traceback(
    monkeypatch, caplog
):
    import concurrent.futures as cf
    from concurrent.futures.process import BrokenProcessPool

    class KilledPool:  # what the pool reports once Ctrl-C or a shutdown has killed its workers
        def submit(self, fn, *args):
            fut: cf.Future = cf.Future()
            fut.set_exception(BrokenProcessPool("A process in the process pool was terminated"))
            return fut

    monkeypatch.setattr(ensemble, "_executor", lambda: KilledPool())
    with caplog.at_level("INFO", logger="viz"):
        assert ensemble.run_ensemble(Params(), 98, 2) is None
    assert [r.getMessage() for r in caplog.records] == [
        "viz: ensemble stopped: its worker processes have ended"
    ]
    assert not any(r.exc_info for r in caplog.records)


def test_ensemble_workers_ignore_the_terminals_ctrl_c():
    # Ctrl-C reaches the server's whole process group: the workers start with SIGINT blocked
    # (they exit with the server instead), so none is interrupted mid-import with a traceback
    ensemble.shutdown()
    assert ensemble.run_ensemble(Params(), 97, 1) is not None
    workers = list(ensemble._pool._processes)
    assert workers
    for pid in workers:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        blocked = int(next(x for x in lines if x.startswith("SigBlk:")).split()[1], 16)
        assert blocked & (1 << (signal.SIGINT - 1)), pid


@pytest.mark.parametrize("text", ["abc", "", "1.5", "-4", "1e23"])
def test_a_refused_seed_names_its_range_once(text):
    from viz.state import parse_seed

    with pytest.raises(ParameterError) as refused:
        parse_seed(text)
    words = str(refused.value)
    assert words.startswith(f"seed={text!r} is not a seed")
    assert words.count("2**63-1") == 1 and "9223372036854775807" not in words
