"""Environment components (not agents): demand, the import market, raw material, the labour pool."""

from ecosystem.environment.demand import Demand
from ecosystem.environment.imports import ImportMarket
from ecosystem.environment.labour import LabourPool
from ecosystem.environment.raw_material import RawMaterial

__all__ = ["Demand", "ImportMarket", "LabourPool", "RawMaterial"]
