"""India's sintered NdFeB magnet ecosystem: an agent-based model on Mesa.

Public API (DESIGN.md §8)::

    from ecosystem import MagnetModel, Params, simulate, load_scenario
"""

from ecosystem.fieldspec import ParameterError
from ecosystem.model import MagnetModel
from ecosystem.observed import ObservedError, load_observed
from ecosystem.params import Params
from ecosystem.result import SimulationResult, simulate
from ecosystem.scenarios import ScenarioError, list_scenarios, load_scenario

__version__ = "0.1.0"

__all__ = [
    "MagnetModel",
    "ObservedError",
    "ParameterError",
    "Params",
    "ScenarioError",
    "SimulationResult",
    "__version__",
    "list_scenarios",
    "load_observed",
    "load_scenario",
    "simulate",
]
