"""The validation data: observed build-outs and findings (``observations.toml``), constants."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecosystem import (
    Design,
    Evidence,
    Params,
    ScenarioError,
    SourceError,
)
from ecosystem import resolve_source as resolve

#: Repository root (experiments/validation/ is two folders below it).
ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "experiments" / "data" / "validation"
OBSERVATIONS = DATA / "observations.toml"
MORRIS_RANKING = ROOT / "experiments" / "data" / "calibration" / "morris_ranking.json"
DOC = ROOT / "docs" / "validation.md"
FIGURE = ROOT / "docs" / "img" / "validation.png"

#: Ensemble size and master seed of ``make validation``.
N_SEEDS = 50
MASTER_SEED = 2025
#: Set-up scenarios (experiments/data/validation/).
SETUP_WORLD = "setup_experienced_world.toml"
SETUP_INDIA = "setup_experienced_india.toml"
SETUP_NOVICE = "setup_novice_public_lab.toml"
#: Share of the crew that are experts in the "local hires" variant (assumption, stated before the
#: runs: an experienced maker sends a core of its own experts and hires the rest locally).
LOCAL_CORE_EXPERT_SHARE = 0.2
#: Months after the shock ends over which its persistence is measured.
AFTER_SHOCK_MONTHS = 24
#: Variants of the experienced-maker runs, in report order.
VARIANTS: dict[str, str] = {
    "default": "defaults, world market and own oxide, full expert crew (seeds only)",
    "prior": "priors of every uncertain field, world market and own oxide, full expert crew",
    "held_out": "as prior, construction_base_months drawn from the other four plants' range",
    "local_hires": (
        f"as prior, {LOCAL_CORE_EXPERT_SHARE:.0%} of the crew experts, the rest hired in India"
    ),
    "india": "as prior, India's addressable market and oxide supply (no tender)",
}
#: Columns of the comparison table.
TABLE_COLUMNS: tuple[str, ...] = (
    "section",
    "check",
    "unit",
    "observed",
    "observed_low",
    "observed_high",
    "sim_default",
    "sim_median",
    "sim_q05",
    "sim_q95",
    "inside",
    "overlap",
    "runs",
    "in_sample",
    "verdict",
)


# ----------------------------------------------------------------------------- observations
@dataclass(frozen=True)
class Range:
    """An observed quantity: the bounds the sources allow and the figure the report uses."""

    low: float
    central: float
    high: float

    @classmethod
    def from_toml(cls, data: Any, where: str) -> Range:
        """Read ``{ low, central, high }``; the bounds must bracket the central figure."""
        if not isinstance(data, dict) or set(data) != {"low", "central", "high"}:
            raise ScenarioError(f"{OBSERVATIONS.name}: {where} must be {{ low, central, high }}")
        r = cls(float(data["low"]), float(data["central"]), float(data["high"]))
        if not r.low <= r.central <= r.high:
            raise ScenarioError(f"{OBSERVATIONS.name}: {where}: need low <= central <= high")
        return r

    def text(self, digits: int = 0) -> str:
        """``12 (11-13)``, or one number when the bounds coincide."""
        fmt = f"{{:.{digits}f}}"
        if self.low == self.high:
            return fmt.format(self.central)
        return f"{fmt.format(self.central)} ({fmt.format(self.low)}-{fmt.format(self.high)})"


@dataclass(frozen=True)
class BuildOut:
    """One observed plant build-out (a row of the validation data)."""

    key: str
    kind: str
    plant: str
    facts_row: str
    capacity_t: float
    period: str
    note: str
    first_output_months: Range | None = None
    nameplate_months: Range | None = None
    nameplate_row: str = ""
    also_cited_as: tuple[str, ...] = ()
    observed_file: str | None = None
    target_first_output_month: int | None = None
    confirmed: bool = True


@dataclass(frozen=True)
class Observations:
    """The validation data (``observations.toml``)."""

    buildouts: tuple[BuildOut, ...]
    nameplate_rule: Range
    nameplate_rule_row: str
    learning: Range
    learning_row: str
    learning_evidence: str
    published: tuple[dict[str, Any], ...]
    official_years: Range
    official_claim: str
    official_row: str

    @property
    def experienced(self) -> list[BuildOut]:
        """The experienced makers' build-outs, in file order."""
        return [b for b in self.buildouts if b.kind == "experienced"]

    def get(self, key: str) -> BuildOut:
        """The build-out with this key."""
        for b in self.buildouts:
            if b.key == key:
                return b
        raise KeyError(key)


def load_observations(path: Path = OBSERVATIONS) -> Observations:
    """Read and check the validation data."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    rows = []
    for i, b in enumerate(data["buildout"]):
        where = f"buildout[{i}]"
        rows.append(
            BuildOut(
                key=str(b["key"]),
                kind=str(b["kind"]),
                plant=str(b["plant"]),
                facts_row=str(b["facts_row"]),
                capacity_t=float(b["capacity_t"]),
                period=str(b["period"]),
                note=str(b.get("note", "")),
                first_output_months=(
                    Range.from_toml(b["first_output_months"], f"{where}.first_output_months")
                    if "first_output_months" in b
                    else None
                ),
                nameplate_months=(
                    Range.from_toml(b["nameplate_months"], f"{where}.nameplate_months")
                    if "nameplate_months" in b
                    else None
                ),
                nameplate_row=str(b.get("nameplate_row", "")),
                also_cited_as=tuple(str(x) for x in b.get("also_cited_as", [])),
                observed_file=b.get("observed_file"),
                target_first_output_month=b.get("target_first_output_month"),
                confirmed=bool(b.get("confirmed", True)),
            )
        )
    if len({b.key for b in rows}) != len(rows):
        raise ScenarioError(f"{path.name}: build-out keys must be unique")
    rule, learning, official = data["nameplate_rule"], data["learning"], data["official_timeline"]
    return Observations(
        buildouts=tuple(rows),
        nameplate_rule=Range.from_toml(rule["months"], "nameplate_rule.months"),
        nameplate_rule_row=str(rule["facts_row"]),
        learning=Range.from_toml(learning["rate"], "learning.rate"),
        learning_row=str(learning["facts_row"]),
        learning_evidence=str(learning["evidence"]),
        published=tuple(dict(p) for p in data["published"]),
        official_years=Range.from_toml(official["years"], "official_timeline.years"),
        official_claim=str(official["claim"]),
        official_row=str(official["facts_row"]),
    )


def short_name(b: BuildOut) -> str:
    """The plant's name without owners or place: ``Intermetallics Japan``."""
    return b.plant.split(",")[0].split(" (")[0]


def _entry_ref(row: str) -> str:
    """The register entry a data file's row names (``"facts.md §4: <row>"`` or an entry ref)."""
    try:
        entry = resolve(row)
    except SourceError:
        return row
    return entry.ref if isinstance(entry, Evidence | Design) else entry.key


def calibrated_from(*facts_rows: str) -> list[str]:
    """Parameters that cite one of ``facts_rows`` as a source (their check is then in-sample).

    Rows are compared as entries of the evidence register (``docs/sources.md``), so a data file
    may name a row by its section and name, an alias, or the entry's ref.
    """
    rows = {_entry_ref(r) for r in facts_rows if r}
    return [
        name
        for name, spec in Params.fields().items()
        if any(_entry_ref(s.ref) in rows for s in spec.sources)
    ]
