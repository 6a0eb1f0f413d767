"""Validation against real plant build-outs, and the Morris ranking behind ``docs/calibration.md``.

``python -m experiments.validation`` (``make validation``) runs four groups of checks, prints the
comparison table and writes ``docs/validation.md`` with a figure (``docs/img/validation.png``):

a. **Experienced makers** (facts §4): a single firm with frontier know-how (``knowhow = 1``) and
   a full expert crew builds a plant of the observed capacity from month 0, configured through an
   observed-data file (``experiments/data/validation/maker_*.toml``) and a set-up scenario (one
   firm, no tender, no licensor). Construction start → first output, and first output →
   nameplate, over an ensemble: at the defaults over seeds, and over the priors of every
   ``uncertainty`` field (Latin hypercube, one seed per draw). Because ``construction_base_months``
   was set from these very five plants, the check is in-sample; a leave-one-out variant draws
   that parameter from the range the *other* four plants give.
b. **Novice build-outs in India** (facts §3) as pattern checks: a tiny plant on public-lab
   technology, the baseline's beneficiaries, and the early mover's plant against its (unconfirmed)
   target date.
c. **Cost learning**: the cost learning rate implied by unit cost against cumulative output
   (``.agents``), against the 10-30% of the evidence (facts §5).
d. **Published models** (facts §5) where comparable: years to bring new supply up, and the effects
   of export restrictions (``china_shock`` against ``baseline`` on paired seeds).

Validation data live in ``experiments/data/validation/observations.toml``, apart from the
calibration data (the sources of `ecosystem.Params.fields()`); a check is flagged in-sample when
a parameter cites the same facts row. Nothing here tunes a parameter.

The package has one module per job: `observations` (the data), `runs` (the model runs),
`statistics` (intervals, verdicts from the numbers, analyses), `table` (the comparison table),
`display` (its text), `figure`, `report` (``docs/validation.md``), `morris` and `cli`.

``python -m experiments.validation --morris [DIR]`` stores the Morris μ* ranking
(``experiments/data/calibration/morris_ranking.json``) from a stored screening, or runs one
(r = 10 trajectories × 2 replications); ``make docs`` turns it into ``docs/calibration.md``.
"""

from experiments.validation.cli import main
from experiments.validation.display import display_table, print_table
from experiments.validation.figure import figure
from experiments.validation.morris import (
    MORRIS_DESIGN,
    morris_ranking,
    run_morris,
    write_morris_ranking,
)
from experiments.validation.observations import (
    DATA,
    DOC,
    FIGURE,
    LOCAL_CORE_EXPERT_SHARE,
    MASTER_SEED,
    MORRIS_RANKING,
    N_SEEDS,
    OBSERVATIONS,
    SETUP_INDIA,
    SETUP_NOVICE,
    SETUP_WORLD,
    TABLE_COLUMNS,
    VARIANTS,
    BuildOut,
    Observations,
    Range,
    calibrated_from,
    load_observations,
)
from experiments.validation.report import validation_markdown
from experiments.validation.runs import (
    BaselineRuns,
    baseline_runs,
    experienced_runs,
    held_out_bounds,
    novice_runs,
    prior_draws,
)
from experiments.validation.statistics import (
    agreement,
    beneficiary_build_months,
    beneficiary_nameplate_months,
    implied_learning_rates,
    interval,
    interval_verdict,
    learning_panel,
    position_in_range,
    shock_effects,
    supply_lead_years,
)
from experiments.validation.table import Validation, comparison_table, run_validation

__all__ = [
    "DATA",
    "DOC",
    "FIGURE",
    "LOCAL_CORE_EXPERT_SHARE",
    "MASTER_SEED",
    "MORRIS_DESIGN",
    "MORRIS_RANKING",
    "N_SEEDS",
    "OBSERVATIONS",
    "SETUP_INDIA",
    "SETUP_NOVICE",
    "SETUP_WORLD",
    "TABLE_COLUMNS",
    "VARIANTS",
    "BaselineRuns",
    "BuildOut",
    "Observations",
    "Range",
    "Validation",
    "agreement",
    "baseline_runs",
    "beneficiary_build_months",
    "beneficiary_nameplate_months",
    "calibrated_from",
    "comparison_table",
    "display_table",
    "experienced_runs",
    "figure",
    "held_out_bounds",
    "implied_learning_rates",
    "interval",
    "learning_panel",
    "load_observations",
    "main",
    "morris_ranking",
    "novice_runs",
    "position_in_range",
    "print_table",
    "prior_draws",
    "run_morris",
    "run_validation",
    "shock_effects",
    "supply_lead_years",
    "validation_markdown",
    "interval_verdict",
    "write_morris_ranking",
]
