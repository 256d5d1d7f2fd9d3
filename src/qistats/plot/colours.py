"""The colours of the two chart styles (Making Data Count and qicharts2), on a light or a dark
background."""

from __future__ import annotations

#: Making Data Count colours (NHSRplotthedots 0.2.2, agreed with the MDC Power BI team).
MDC_COLOURS = {
    "common_cause": "#A6A6A6",
    "improvement": "#00B0F0",
    "concern": "#E46C0A",
    "neutral": "#490092",
    "target": "#DE1B1B",
    "trajectory": "#490092",
    "line": "#A6A6A6",
    "mean": "#000000",
    "limits": "#7F7F7F",
    "baseline": "#F2F2F2",
    "text": "#231F20",
}
#: qicharts2 0.8 colours (``plot.qic``): blue data, red signals, grey lines, green target.
QIC_COLOURS = {
    "line": "#5DA5DA",
    "point": "#5DA5DA",
    "signal": "#F15854",
    "excluded": "#8C8C8C",
    "cl": "#8C8C8C",
    "band": "#D9D9D9",
    "target": "#059748",
    "freeze": "#8C8C8C",
    "text": "#333333",
    "baseline": "#F2F2F2",
}
#: What a dark background (``plt.style.use("dark_background")``) changes: the black mean and
#: near-black text become near-white, the light fills (baseline shading, limits' band) dark
#: greys, and the dark purple a light one, so that each can be seen; the NHS blue and orange,
#: the red and green targets and the mid greys read on both and stay.
_MDC_ON_DARK = {
    "neutral": "#B48CE6",
    "trajectory": "#B48CE6",
    "mean": "#F2F2F2",
    "limits": "#A6A6A6",
    "baseline": "#2B2B2B",
    "text": "#EDEDED",
}
_QIC_ON_DARK = {"band": "#5E5E5E", "text": "#E0E0E0", "baseline": "#2B2B2B", "target": "#2DBE6C"}
#: The axes' furniture: tick marks, tick labels, grid lines, spines, faint notes, the edge of
#: a fill's legend key, and the paper behind labels and inside hollow points (the
#: background's own colour when dark).
_FRAME = {
    "tick": "#BBBBBB",
    "tick_label": "#333333",
    "grid": "#EEEEEE",
    "spine": "#BBBBBB",
    "subtext": "#505050",
    "fill_edge": "#D0D0D0",
    "paper": "white",
}
_FRAME_ON_DARK = {
    "tick": "#808080",
    "tick_label": "#D9D9D9",
    "grid": "#3A3A3A",
    "spine": "#808080",
    "subtext": "#BFBFBF",
    "fill_edge": "#5A5A5A",
}


def background() -> str:
    """The colour the charts are drawn on, from the matplotlib style in force: the axes'
    face, or the figure's where the axes' is transparent."""
    import matplotlib
    from matplotlib.colors import to_hex, to_rgba

    rc = matplotlib.rcParams
    face = to_rgba(rc["axes.facecolor"])
    if face[3] < 0.5:
        face = to_rgba(rc["figure.facecolor"])
    return to_hex(face) if face[3] >= 0.5 else "#ffffff"


def on_dark() -> bool:
    """Whether the style in force draws on a dark background (relative luminance below one
    half), as ``plt.style.use("dark_background")`` does.

    >>> import matplotlib.pyplot as plt
    >>> on_dark()
    False
    >>> with plt.style.context("dark_background"):
    ...     on_dark()
    True
    """
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(background())
    return 0.299 * r + 0.587 * g + 0.114 * b < 0.5


def mdc_colours() -> dict[str, str]:
    """:data:`MDC_COLOURS` for the background in force (see :func:`on_dark`)."""
    return {**MDC_COLOURS, **_MDC_ON_DARK} if on_dark() else dict(MDC_COLOURS)


def qic_colours() -> dict[str, str]:
    """:data:`QIC_COLOURS` for the background in force (see :func:`on_dark`)."""
    return {**QIC_COLOURS, **_QIC_ON_DARK} if on_dark() else dict(QIC_COLOURS)


def frame_colours() -> dict[str, str]:
    """The colours of ticks, tick labels, grid, spines and faint notes, and the ``paper``
    behind labels and inside hollow points, for the background in force."""
    if not on_dark():
        return dict(_FRAME)
    return {**_FRAME, **_FRAME_ON_DARK, "paper": background()}


__all__ = [
    "MDC_COLOURS",
    "QIC_COLOURS",
    "background",
    "frame_colours",
    "mdc_colours",
    "on_dark",
    "qic_colours",
]
