"""Ambition tracking: a fixed baseline, a target, a trajectory, and honest progress statistics.

An *ambition* such as "reduce restrictive practice by 50 % by March 2024" has a baseline period,
a change and a deadline. :func:`ambition` measures every series against its own fixed baseline:
how much has changed, with what uncertainty, whether it is on course along a trajectory to the
target, when it is projected to get there, and whether there are enough data to tell.

Notation (rates): K₀ events over exposure E₀ in the baseline, K₁ over E₁ in the comparison
window; λ = K/E; the target ratio ρ = T/λ₀ (``change=-0.5`` gives ρ = 0.5).
"""

from .api import KINDS, ambition
from .intervals import clopper_pearson, garwood
from .result import Ambition, AmbitionDefinition

__all__ = ["KINDS", "Ambition", "AmbitionDefinition", "ambition", "clopper_pearson", "garwood"]
