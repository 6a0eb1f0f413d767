"""Fresh-user audit (s18): inputs that used to give a traceback, a silent result or bad advice."""

from __future__ import annotations

import pytest

from ecosystem import ParameterError
from experiments import ensemble_design, run_experiment
from experiments.cli import main
from experiments.sensitivity import check_screen, morris_design, sobol_design
from experiments.storage import Store, load_experiment


@pytest.fixture
def no_runs(monkeypatch):
    """Fail the test if an experiment starts (bad input must be refused before)."""

    def refuse(*args, **kwargs):
        raise AssertionError("run_experiment() was called")

    monkeypatch.setattr("experiments.runner.run_experiment", refuse)


def _refused(capsys, argv: list[str], out, message: str) -> None:
    """``argv`` exits 2 with one ``error:`` line holding ``message`` and creates no ``out``."""
    code = main([*argv, "--out", str(out), "--no-progress"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2, err
    assert len(err) == 1 and err[0].startswith("error:") and message in err[0], err
    assert not out.exists()


LR = ["--factors", "learning_rate"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--levels", "1", "--trajectories", "2", *LR], "--levels 1: Morris needs an even number"),
        (["--levels", "3", *LR], "--levels 3: Morris needs an even number"),
        (["--method", "sobol", "--factors", "learning_rate,learning_rate"], "twice"),
        (["--factors", "learning_rate,learning_rate"], "--factors names learning_rate twice"),
        (["--method", "sobol", "--levels", "4", *LR], "--levels belongs to --method morris"),
        (["--method", "sobol", "--trajectories", "4", *LR], "--trajectories belongs to"),
        (["--base-samples", "8", *LR], "--base-samples belongs to --method sobol"),
        (["--screen", "somewhere"], "--screen belongs to --method sobol"),
        (["--method", "sobol", "--screen", "x", *LR], "not both"),
        (["--method", "sobol", "--top", "3", *LR], "--top belongs to --screen"),
    ],
)
def test_sensitivity_options_refused_before_any_folder(tmp_path, capsys, no_runs, argv, message):
    _refused(capsys, ["sensitivity", *argv], tmp_path / "out", message)


def test_morris_design_refuses_levels_salib_cannot_use():
    for levels in (1, 3):
        with pytest.raises(ParameterError, match="even number"):
            morris_design("baseline", 2, levels=levels, fields=["learning_rate"])


def test_designs_refuse_a_factor_named_twice():
    with pytest.raises(ParameterError, match="named twice"):
        sobol_design("baseline", ["learning_rate", "learning_rate"], base_samples=2)
    with pytest.raises(ParameterError, match="named twice"):
        morris_design("baseline", 2, fields=["learning_rate", "learning_rate"])


@pytest.fixture(scope="module")
def one_run_ensemble(tmp_path_factory):
    out = tmp_path_factory.mktemp("screen") / "ens"
    return run_experiment(ensemble_design(["baseline"], 1, 0, frames=()), out, progress=False).path


def test_screen_must_be_a_finished_morris_experiment(tmp_path, capsys, no_runs, one_run_ensemble):
    argv = ["sensitivity", "--method", "sobol", "--screen"]
    _refused(capsys, [*argv, str(one_run_ensemble)], tmp_path / "o", "not a Morris screening")
    unfinished = tmp_path / "morris"
    Store.create(unfinished, morris_design("baseline", 2, fields=["learning_rate"])).close()
    _refused(capsys, [*argv, str(unfinished)], tmp_path / "o", "4 runs pending")
    _refused(capsys, [*argv, str(tmp_path)], tmp_path / "o", "not an experiment folder")
    with pytest.raises(ParameterError, match="not a Morris screening"):
        check_screen(load_experiment(one_run_ensemble))


def test_a_failed_create_leaves_nothing_that_blocks_a_retry(tmp_path, monkeypatch):
    import experiments.storage as storage

    design = ensemble_design(["baseline"], 1, 0, frames=())

    def broken(*args, **kwargs):
        raise OSError("simulated failure while storing the design")

    for out in (tmp_path / "new", tmp_path / "empty"):
        if out.name == "empty":
            out.mkdir()
        with monkeypatch.context() as m:
            m.setattr(storage, "write_parquet", broken)
            with pytest.raises(OSError, match="simulated"):
                Store.create(out, design)
        left = {p.name for p in out.iterdir()} if out.exists() else None
        assert left is None if out.name == "new" else left <= {".lock"}
        Store.preflight(out, design, resume=False)  # the corrected command is not refused
        Store.create(out, design).close()
        assert (out / "manifest.json").is_file()


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["forecast", "baseline", "--fix", "learning_rate=0.3", "--fields", "learning_rate"],
            "--fields learning_rate is also fixed by --fix",
        ),
        (["forecast", "baseline", "--fields", "learning_rate,learning_rate"], "twice"),
        (["ensemble", "baseline", "--frames", "none,agents"], "'none' cannot be mixed"),
        (["attribute", "--frames", "agents,none"], "'none' cannot be mixed"),
        (
            ["sweep", "--factor", "learning_rate=0.1", "--factor", "learning_rate=0.3"],
            "--factor learning_rate is given twice",
        ),
        (
            ["sweep", "--range", "learning_rate", "--range", "learning_rate=0.1:0.2"],
            "--range learning_rate is given twice",
        ),
        (["sweep", "--factor", "learning_rate=0.1,0.1"], "level 0.1 is given twice"),
        (
            ["sweep", "--factor", "learning_rate=0.1,0.3", "--set", "learning_rate=0.2"],
            "learning_rate is both a factor and fixed in every run",
        ),
        (
            ["sensitivity", "--factors", "learning_rate", "--fix", "learning_rate=0.2"],
            "also fixed (--fix)",
        ),
    ],
)
def test_silent_conflicts_are_refused(tmp_path, capsys, no_runs, argv, message):
    _refused(capsys, argv, tmp_path / "out", message)


@pytest.mark.parametrize(
    "text, extra, message",
    [
        (
            "[factors]\nlearning_rate = [0.1, 0.3]\n[set]\nlearning_rate = 0.2\n",
            [],
            "d.toml:2: learning_rate is both in [factors] and in [set]",
        ),
        ("[factors]\nlearning_rate = [0.1, 0.1]\n", [], "d.toml:2: learning_rate: level 0.1"),
        (
            'frames = ["none", "agents"]\n[factors]\nlearning_rate = [0.1]\n',
            [],
            '"none" cannot be mixed with frames',
        ),
        (
            "[factors]\nlearning_rate = [0.1, 0.3]\n",
            ["--factor", "learning_rate=0.2"],
            "--factor learning_rate: the design file",
        ),
        (
            'method = "lhs"\nsamples = 2\n[factors]\nlearning_rate = "range"\n',
            ["--range", "learning_rate=0.1:0.2"],
            "--range learning_rate: the design file",
        ),
    ],
)
def test_sweep_design_file_conflicts_are_refused(tmp_path, capsys, no_runs, text, extra, message):
    design = tmp_path / "d.toml"
    design.write_text(text, encoding="utf-8")
    _refused(capsys, ["sweep", "--design", str(design), *extra], tmp_path / "out", message)


def _one_error(capsys, argv: list[str]) -> str:
    assert main([*argv, "--no-progress"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:"), err
    return err[0]


def test_an_occupied_folder_gets_the_advice_that_fits(tmp_path, capsys):
    out = tmp_path / "ens"
    argv = ["ensemble", "baseline", "--reps", "1", "--frames", "none", "--out", str(out)]
    assert main([*argv, "--no-progress"]) == 0
    capsys.readouterr()
    same = _one_error(capsys, argv)
    assert "already exists and holds this experiment, complete" in same and str(out) in same
    assert "--resume" not in same
    other = [*argv[:3], "2", *argv[4:]]  # --reps 2: another design
    differs = _one_error(capsys, other)
    assert "holds a different experiment" in differs and "--out NEW_FOLDER" in differs
    assert "--resume" not in differs
    resumed = _one_error(capsys, [*other, "--resume"])
    assert "stored design differs" in resumed and "--out NEW_FOLDER" in resumed
    unfinished = tmp_path / "unfinished"
    Store.create(unfinished, ensemble_design(["baseline"], 1, 0, frames=())).close()
    pending = _one_error(capsys, [*argv[:-1], str(unfinished)])
    assert "unfinished (0 of 1 runs done); add --resume to finish it" in pending
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("x", encoding="utf-8")
    stranger = _one_error(capsys, [*argv[:-1], str(tmp_path / "notes")])
    assert "not an experiment folder" in stranger and "--resume" not in stranger


def test_attribution_with_one_seed_says_there_is_no_interval(attribution_exp):
    from experiments.attribution import attribution_lines, attribution_table

    summary = load_experiment(attribution_exp).summary
    one = attribution_lines(attribution_table(summary[summary["rep"] == 0]))
    assert all("nan" not in line for line in one)
    assert sum("95% CI n/a (1 seed; use --reps >= 2 for an interval)" in x for x in one) == 8
    two = attribution_lines(attribution_table(summary))
    assert all("nan" not in line and "n/a" not in line for line in two[1:5])


def test_a_folder_left_by_a_failed_start_does_not_block_the_command(tmp_path):
    out = tmp_path / "z6b"
    (out / "chunks").mkdir(parents=True)  # what a failed start left before the fix
    (out / ".lock").write_text("{}", encoding="utf-8")
    design = ensemble_design(["baseline"], 1, 0, frames=())
    Store.preflight(out, design, resume=False)
    Store.create(out, design).close()
    assert (out / "manifest.json").is_file()
