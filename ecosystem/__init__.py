"""India's sintered NdFeB magnet ecosystem: an agent-based model on Mesa.

Public API (DESIGN.md §8)::

    from ecosystem import MagnetModel, Params, simulate, load_scenario

Everything ``experiments/`` and ``viz/`` use is exported here (``__all__``); they import no
submodule of ``ecosystem`` (an import-linter contract in pyproject.toml, docs/architecture.md).
"""

from ecosystem.archetypes import archetype_for
from ecosystem.cli import CommandParser, parse_overrides, seed_arg
from ecosystem.environment.price_history import markdown as price_history_markdown
from ecosystem.fieldspec import (
    GROUPS,
    ROLES,
    FieldSpec,
    ParameterError,
    Prior,
    SeedError,
    coerce_value,
    parse_text,
    shown,
)
from ecosystem.io import OutputError
from ecosystem.model import MagnetModel
from ecosystem.observed import SCHEMA as OBSERVED_SCHEMA
from ecosystem.observed import Observed, ObservedError, load_observed
from ecosystem.outputs import (
    AGENTS,
    FISCAL_YEARS,
    FLOWS,
    MILESTONES,
    START,
    SUMMARY,
    TARGET_T,
    TIMESERIES,
    Column,
    dates,
    upgrade_names,
)
from ecosystem.outputs import SCHEMA_VERSION as OUTPUTS_SCHEMA_VERSION
from ecosystem.params import Params, unknown_name_message
from ecosystem.provenance import PACKAGES as PROVENANCE_PACKAGES
from ecosystem.provenance import code_changes, code_identity, provenance
from ecosystem.recorder import NONE_FILLED_NUMBERS
from ecosystem.result import SimulationResult, simulate
from ecosystem.scenarios import (
    SCENARIO_DIR,
    ScenarioError,
    line_of,
    list_scenarios,
    load_scenario,
    read_toml,
    scenario_meta,
    scenario_values,
    to_toml,
)
from ecosystem.scenarios import resolve as resolve_scenario
from ecosystem.sources import Design, Evidence, Reference, SourceError
from ecosystem.sources import register as source_register
from ecosystem.sources import resolve as resolve_source

__version__ = "0.1.0"

__all__ = [
    "AGENTS",
    "Column",
    "CommandParser",
    "Design",
    "Evidence",
    "FISCAL_YEARS",
    "FLOWS",
    "FieldSpec",
    "GROUPS",
    "MILESTONES",
    "MagnetModel",
    "NONE_FILLED_NUMBERS",
    "OBSERVED_SCHEMA",
    "OUTPUTS_SCHEMA_VERSION",
    "Observed",
    "ObservedError",
    "OutputError",
    "PROVENANCE_PACKAGES",
    "ParameterError",
    "Params",
    "Prior",
    "ROLES",
    "Reference",
    "SCENARIO_DIR",
    "START",
    "SUMMARY",
    "ScenarioError",
    "SeedError",
    "SimulationResult",
    "SourceError",
    "TARGET_T",
    "TIMESERIES",
    "__version__",
    "archetype_for",
    "code_changes",
    "code_identity",
    "coerce_value",
    "dates",
    "line_of",
    "list_scenarios",
    "load_observed",
    "load_scenario",
    "parse_overrides",
    "parse_text",
    "price_history_markdown",
    "provenance",
    "read_toml",
    "resolve_scenario",
    "resolve_source",
    "scenario_meta",
    "scenario_values",
    "seed_arg",
    "shown",
    "simulate",
    "source_register",
    "to_toml",
    "unknown_name_message",
    "upgrade_names",
]
