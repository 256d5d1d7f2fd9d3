"""IconArtist: a Making Data Count icon on a matplotlib axes (see :func:`~qistats.plot.draw_icon`).

Its own module because it subclasses a matplotlib class (the icon geometry in ``icons.py`` needs
no matplotlib); being importable by name also lets figures with icons be pickled.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.transforms import Affine2D, Bbox


class IconArtist(Artist):
    """Paths in points about a centre placed in axes or data coordinates.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes whose coordinates place the centre.
    parts : (paths, facecolors, edgecolors, linewidths)
        The outlines in points about the centre, their RGBA colours and line widths in points.
    xy : (float, float)
        The anchor, in axes fractions or data coordinates.
    offset : (float, float)
        The centre's offset from the anchor, in points.
    xycoords : {"axes fraction", "data"}
        How ``xy`` is read.
    """

    def __init__(
        self,
        ax: Any,
        parts: tuple[list, np.ndarray, np.ndarray, list],
        xy: tuple[float, float],
        offset: tuple[float, float],
        xycoords: str,
    ) -> None:
        super().__init__()
        self._ax, self._xy, self._offset, self._coords = ax, xy, offset, xycoords
        self._paths, self._faces, self._edges, self._widths = parts
        self._box_pt: np.ndarray | None = None
        self.set_clip_on(False)

    def get_paths(self) -> list:
        """The outlines, the ring first."""
        return list(self._paths)

    def get_facecolors(self) -> np.ndarray:
        """RGBA fill of each outline (alpha 0: not filled)."""
        return self._faces

    def get_edgecolors(self) -> np.ndarray:
        """RGBA stroke of each outline (alpha 0: not stroked)."""
        return self._edges

    def _to_display(self, pixels_per_point: float) -> Affine2D:
        anchor = self._ax.transAxes if self._coords == "axes fraction" else self._ax.transData
        cx, cy = anchor.transform(self._xy)
        return Affine2D().translate(*self._offset).scale(pixels_per_point).translate(cx, cy)

    def get_window_extent(self, renderer: Any = None) -> Bbox:
        """The icon's box on the page (layouts and bounding-box checks see it)."""
        scale = self._ax.figure.dpi / 72.0
        if renderer is not None:
            scale = renderer.points_to_pixels(1.0)
        xy = self._to_display(scale).transform(self._corners())
        return Bbox([xy.min(axis=0), xy.max(axis=0)])

    def _corners(self) -> np.ndarray:
        """The corners of the box of every outline's vertices and control points, in points
        about the centre (a curve never leaves its control points' box, and for the ring,
        drawn as circle arcs, the two boxes are the same): one transform, not a curve
        extremum search per outline at each layout pass."""
        if self._box_pt is None:
            vertices = np.vstack(
                [
                    p.vertices if p.codes is None else p.vertices[p.codes != p.CLOSEPOLY]
                    for p in self._paths
                ]
            )
            lo, hi = vertices.min(axis=0), vertices.max(axis=0)
            self._box_pt = np.array([lo, hi])
        return self._box_pt

    def draw(self, renderer: Any) -> None:
        """Each outline as a vector path, filled and stroked in its colours."""
        if not self.get_visible():
            return
        t = self._to_display(renderer.points_to_pixels(1.0))
        renderer.open_group("icon", self.get_gid())
        for path, face, edge, width in zip(
            self._paths, self._faces, self._edges, self._widths, strict=True
        ):
            gc = renderer.new_gc()
            gc.set_foreground(edge, isRGBA=True)
            gc.set_linewidth(width)
            gc.set_antialiased(True)
            gc.set_capstyle("round")
            renderer.draw_path(gc, path, t, face if face[3] > 0 else None)
            gc.restore()
        renderer.close_group("icon")
        self.stale = False


__all__ = ["IconArtist"]
