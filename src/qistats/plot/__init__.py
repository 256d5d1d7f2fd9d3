"""Charts with matplotlib (the optional extra ``qistats[plot]``).

:func:`plot_spc` draws an :class:`~qistats.SPCResult` in the NHS Making Data Count style or the
qicharts2 style; :func:`plot_ambition` draws an :class:`~qistats.Ambition`; :func:`plot_funnel`
a :class:`~qistats.FunnelResult`; :func:`plot_board` a :class:`~qistats.Board`. All return the
matplotlib Figure and never write files (call ``fig.savefig(...)``). :func:`icon_svg` gives the
Making Data Count icons as inline SVG for HTML tables; it needs no matplotlib.

Every drawn element carries a ``gid`` (``"values"``, ``"cl"``, ``"limits"``, ``"special_cause"``,
``"target"``, ``"phase_break"``, ``"icon_variation"``, ``"icon_assurance"``, …) so that tools and
tests can find it. matplotlib is imported only when something is drawn.
"""

from __future__ import annotations

from typing import Any

from .colours import MDC_COLOURS, QIC_COLOURS
from .icons import ICON_NAMES, draw_icon, icon_label, icon_svg

_DRAWING = {
    "plot_spc": "spc",
    "plot_ambition": "ambition",
    "plot_funnel": "funnel",
    "plot_board": "board",
}


def __getattr__(name: str) -> Any:
    """The drawing functions, imported on first use (they need matplotlib)."""
    if name not in _DRAWING:
        raise AttributeError(f"module 'qistats.plot' has no attribute {name!r}")
    try:
        import matplotlib  # noqa: F401
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("plotting needs matplotlib: pip install 'qistats[plot]'") from err
    from importlib import import_module

    return getattr(import_module(f".{_DRAWING[name]}", __name__), name)


def __dir__() -> list[str]:
    """The public names only (tab completion), the drawing functions included."""
    return list(__all__)


__all__ = [
    "ICON_NAMES",
    "MDC_COLOURS",
    "QIC_COLOURS",
    "draw_icon",
    "icon_label",
    "icon_svg",
    "plot_ambition",
    "plot_board",
    "plot_funnel",
    "plot_spc",
]
