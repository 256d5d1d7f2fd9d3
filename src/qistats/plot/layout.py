"""Figures and grids: panels for a landscape page, a title band above them, one legend below.

The figure is split in inches: a header band (title and subtitle) at the top, a legend band at
the bottom and the panels between, so the title can never be drawn over a panel. Grids of up
to 16 panels use matplotlib's constrained layout inside the panel band; larger grids use fixed
margins (constrained layout costs about 40 ms a panel).
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._args import fmt, name_key
from ..errors import ArgumentError
from .colours import frame_colours, mdc_colours

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

TITLE_PT, SUBTITLE_PT, PANEL_TITLE_PT = 14.0, 10.0, 9.5


def panel_rc() -> dict[str, Any]:
    """The look of every panel we make, set as the axes are made (cheaper than restyling each
    axes afterwards: ``tick_params`` and ``grid`` remake its ticks), in the colours of the
    style's background (light grey grid and dark tick labels on white; dark grey grid and light
    tick labels under ``plt.style.use("dark_background")``)."""
    frame = frame_colours()
    return {
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "xtick.color": frame["tick"],
        "ytick.color": frame["tick"],
        "xtick.labelcolor": frame["tick_label"],
        "ytick.labelcolor": frame["tick_label"],
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": frame["spine"],
        "axes.grid": True,
        "axes.grid.axis": "y",
        "grid.color": frame["grid"],
        "grid.linewidth": 0.8,
        "axes.axisbelow": True,
        # every artist is given its colour; a one-colour cycle is cheaper for each axes to reset
        "axes.prop_cycle": "cycler(color=['#7F7F7F'])",
    }


MAX_FIGURE_IN = 24.0  # a grid is shrunk to fit a 24 x 24 in page
_CONSTRAINED_MAX = 16


# ----------------------------------------------------------------------------- series


def series_keys(frame: pd.DataFrame, by: list[str]) -> list[Any]:
    """The series of a long frame in order of first appearance (``[None]`` without by)."""
    if not by:
        return [None]
    first = frame.drop_duplicates(by)[by]
    return [tuple(r) if len(by) > 1 else r[0] for r in first.itertuples(index=False, name=None)]


def select(frame: pd.DataFrame, by: list[str], key: Any) -> pd.DataFrame:
    """The rows of one series."""
    if key is None:
        return frame
    key = key if isinstance(key, tuple) else (key,)
    mask = np.ones(len(frame), dtype=bool)
    for b, k in zip(by, key, strict=True):
        mask &= (frame[b] == k).to_numpy()
    return frame[mask]


def chosen(keys: list[Any], series: Any, by: list[str]) -> list[Any]:
    """The series asked for by ``series=`` (a key, a tuple key or a list of keys)."""
    if series is None:
        return keys
    if not by:  # "the series are e.g. None" said nothing
        raise ArgumentError(
            f"series={fmt(series)}: this result has one series (it was made without by=); "
            "series= picks among the by= groups. Draw it without series=."
        )
    if isinstance(series, (list, set)):
        wanted = list(series)
    elif isinstance(series, tuple) and len(by) < 2:
        raise ArgumentError(
            f"series={fmt(series)}: a tuple names one series by several by-columns, but the "
            f"result has by={fmt(by)}; pass a list to draw several series."
        )
    else:
        wanted = [series]
    if not wanted:
        raise ArgumentError("series=[]: expected at least one series (or None for all).")
    unknown = [s for s in wanted if s not in keys]
    if unknown:
        raise ArgumentError(
            f"series={fmt(unknown[0])}: no such series; "
            + (_near(keys, unknown[0], by) or "the series are e.g. ")
            + f"{', '.join(map(repr, keys[:5]))}."
        )
    return wanted


def _near(keys: list[Any], wanted: Any, by: list[str]) -> str:
    """The start of "no such series"'s advice when some series is what ``wanted`` probably
    meant: with several by-columns, the series whose values include it (a ward's
    name alone, "BRI3", for ``('Brindley', 'BRI3')``), and the series that are it in another
    case or with spaces around it ("bri3 " for "BRI3"). Empty when none is."""

    def same(a: Any, b: Any) -> bool:
        if isinstance(a, str) and isinstance(b, str):
            return name_key(a) == name_key(b)
        try:
            return bool(a == b)
        except (TypeError, ValueError):  # pd.NA, arrays
            return False

    parts = [k if isinstance(k, tuple) else (k,) for k in keys]
    if isinstance(wanted, tuple):
        near = [
            k
            for k, p in zip(keys, parts, strict=True)
            if len(p) == len(wanted) and all(same(a, b) for a, b in zip(p, wanted, strict=True))
        ]
    else:
        near = [k for k, p in zip(keys, parts, strict=True) if any(same(v, wanted) for v in p)]
    if not near:
        return ""
    said = f"did you mean {' or '.join(map(repr, near[:3]))}"
    said += f" (or {len(near) - 3} more)?" if len(near) > 3 else "?"
    if len(by) > 1 and not isinstance(wanted, tuple):
        said += f" With by={fmt(by)} a series is named by a tuple of its values."
    return said + " The series are e.g. "


def key_label(key: Any) -> str:
    return ", ".join(map(str, key)) if isinstance(key, tuple) else str(key)


# ------------------------------------------------------------------------------ pages


@dataclass
class Page:
    """A figure and its panels."""

    fig: Figure
    axes: list[Axes]
    own: bool  # we made the figure (so we own its title band and legend)
    panel_width_in: float
    icon_pt: float
    header_in: float
    legend_in: float
    cols: int = 1  # columns of the grid
    xlabel: bool = False  # a figure x label under the grid (room kept above the legend)
    kept: frozenset[int] = frozenset()  # ids of the texts the caller had put in the axes
    caller_title: str = ""  # the left title of the caller's axes before we drew into it


def wrap(text: str | None, width_in: float, size_pt: float) -> str | None:
    """``text`` broken into lines that fit ``width_in`` inches at ``size_pt`` (an average
    character of DejaVu Sans, bold or not, is about 0.62 em wide)."""
    if not text:
        return text
    per_line = max(16, int((width_in - 0.3) * 72 / (0.62 * size_pt)))
    return fill(text, per_line)


def fill(text: str, per_line: int) -> str:
    """``text`` broken at spaces into lines of at most ``per_line`` characters (each of its
    lines on its own), never inside a date: "Apr 2023–Mar 2024" and "Mar 2024" are one word
    (a funnel's title ended "…, Apr" with "2023–Mar 2024" on the next line;
    the ambition overview's title ended "… by Mar" with "2024; verdicts …" below)."""
    glued = _DATE_WORDS.sub(lambda m: m.group(0).replace(" ", _GLUE), text)
    # ... unless it is longer than a line, where textwrap would cut it inside a word ("A|pr")
    glued = re.sub(
        r"\S+",
        lambda m: m.group(0).replace(_GLUE, " ") if len(m.group(0)) > per_line else m.group(0),
        glued,
    )
    return "\n".join(
        textwrap.fill(part, per_line, break_on_hyphens=False) for part in glued.split("\n")
    ).replace(_GLUE, " ")


#: The words of a date as the titles write them: "Apr 2023", "1 Jan 2024", "w/c 23 Sep".
_DATE_WORDS = re.compile(
    r"(?:\bw/c )?(?:\b\d{1,2} )?\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
    r"(?: \d{4}\b)?"
)
#: Holds a date's words together while a text is wrapped (no whitespace, so never a break).
_GLUE = "\x00"


def _fit_label(text: str | None, ax: Any, fig: Any, size_pt: float | None = None) -> str:
    """A y label broken into lines no longer than ``ax``'s height (a sentence-long label ran
    past the axes into the title)."""
    if not text:
        return ""
    size = size_pt or ax.yaxis.label.get_fontsize()
    height_in = ax.get_position().height * fig.get_size_inches()[1]
    return wrap(text, height_in, size) or ""


def header_height(title: str | None, subtitle: str | None, width_in: float = 1e9) -> float:
    """Height of the title band for this title and subtitle, wrapped to the figure's width."""
    h = 0.12
    if title:
        h += TITLE_PT * 1.45 / 72 * (wrap(title, width_in, TITLE_PT) or "").count("\n")
        h += TITLE_PT * 1.45 / 72
    if subtitle:
        h += (
            SUBTITLE_PT * 1.5 / 72 * (1 + (wrap(subtitle, width_in, SUBTITLE_PT) or "").count("\n"))
        )
    return h + 0.08 if (title or subtitle) else 0.05


def grid_shape(n: int, ncols: int | None) -> tuple[int, int]:
    """Rows and columns: one column per series up to 3, then about square (49 -> 7 x 7)."""
    cols = ncols or (n if n <= 3 else math.ceil(math.sqrt(n)))
    cols = min(cols, n)
    return math.ceil(n / cols), cols


def new_page(
    n: int,
    *,
    ax: Axes | None,
    ncols: int | None,
    sharey: bool,
    figsize: tuple[float, float] | None,
    title: str | None,
    subtitle: str | None,
    legend_entries: int | Sequence[str],
    xlabel: str | None = None,
    ylabel: str | None = None,
    panel_in: tuple[float, float] = (3.4, 2.5),
    single_in: tuple[float, float] = (9.0, 4.8),
) -> Page:
    """A figure with ``n`` panels, room for the title band on top and the legend below."""
    plt = pyplot()

    if ax is not None:
        if not hasattr(ax, "get_position") or not hasattr(ax, "figure"):
            raise ArgumentError(
                f"ax={ax!r}: expected a matplotlib Axes to draw into (series are chosen "
                "with series=)."
            )
        if n != 1:
            raise ArgumentError(
                f"ax: {n} series need a grid of axes; pass series= to pick one, or no ax."
            )
        width = ax.get_position().width * ax.figure.get_size_inches()[0]
        kept = frozenset(map(id, ax.texts))  # the caller's notes: drawn as they wrote them
        # the left title is cleared for the series' name the drawing puts there; the
        # caller's own comes back when no title is drawn (title="")
        caller_title = ax.get_title(loc="left")
        ax.set_title("", loc="left")
        return Page(
            ax.figure, [ax], False, width, 20.0, 0.0, 0.0, kept=kept, caller_title=caller_title
        )
    rows, cols = grid_shape(n, ncols)
    if figsize is None:
        w, h = single_in if n == 1 else panel_in
        w = min(w, (MAX_FIGURE_IN - 0.6) / cols)
        W = max(w * cols + 0.6, 5.0)
        head = header_height(title, subtitle, W)
        foot = _legend_height(legend_entries, W)
        h = min(h, (MAX_FIGURE_IN - head - foot - 0.4) / rows)
        figsize = (W, h * rows + head + foot + 0.4)
    W, H = figsize
    head = header_height(title, subtitle, W)
    foot = _legend_height(legend_entries, W)
    many = n > _CONSTRAINED_MAX
    import matplotlib

    with matplotlib.rc_context(panel_rc()):
        fig, grid = plt.subplots(
            rows,
            cols,
            figsize=(W, H),
            squeeze=False,
            layout=None if many else "constrained",
        )
        # the first figure loads the backend, which may turn interactive mode on (IPython's
        # inline backend, so that pyplot shows the figure at the end of the cell): that
        # setting is the session's, not the panels' style's, and outlives this context
        interactive = matplotlib.is_interactive()
    matplotlib.interactive(interactive)
    top, bottom = 1 - head / H, foot / H
    if many:
        panel_h = max((H - head - foot) / rows, 0.5)
        fig.subplots_adjust(
            left=(0.6 + (0.25 if ylabel else 0)) / W,
            right=1 - 0.15 / W,
            top=top - 0.3 / H,
            bottom=bottom + (0.3 + (0.2 if xlabel else 0)) / H,
            hspace=0.62 / max(panel_h - 0.62, 0.3),
            wspace=(0.12 if sharey else 0.55) / max(W / cols - 0.6, 0.3),
        )
    else:
        fig.get_layout_engine().set(rect=(0, bottom, 1, top - bottom), h_pad=0.06, w_pad=0.06)
    flat = list(grid.ravel())
    for extra in flat[n:]:
        extra.set_visible(False)
    panel_w = (W - 0.6) / cols
    icon_pt = 26.0 if n == 1 else (18.0 if panel_w > 2.6 else 15.0)
    return Page(fig, flat[:n], True, panel_w, icon_pt, head, foot, cols, bool(xlabel))


def label_outer(page: Page, *, share_x: bool, share_y: bool) -> None:
    """Tick labels once per row (y) and once per column (x) of panels that share a range.

    The inner panels get no matplotlib ticks at all (making and drawing a tick costs about a
    millisecond, so 100 panels spent seconds on them): their grid lines are one line
    each, at the heights of the labelled panels' ticks. Call it once the ranges are final.
    """
    axes = page.axes
    if not page.own or len(axes) < 2 or not (share_x or share_y):
        return
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FixedLocator, NullLocator

    n, cols = len(axes), page.cols
    grid = frame_colours()["grid"]
    if share_y:
        lo, hi = axes[0].get_ylim()
        ticks = axes[0].yaxis.get_major_locator().tick_values(lo, hi)
        ticks = ticks[(ticks >= min(lo, hi)) & (ticks <= max(lo, hi))]
    for i, a in enumerate(axes):
        if share_y:
            if i % cols:
                a.yaxis.set_major_locator(NullLocator())
                a.add_line(
                    Line2D(
                        np.tile([0.0, 1.0, np.nan], len(ticks)),
                        np.repeat(ticks, 3),
                        transform=a.get_yaxis_transform(),
                        color=grid,
                        linewidth=0.8,
                        zorder=0.5,
                        gid="grid",
                    )
                )
            else:
                a.yaxis.set_major_locator(FixedLocator(ticks))
        if share_x and i + cols < n:  # a panel below shows the dates
            a.xaxis.set_major_locator(NullLocator())


#: Room between a row's x tick labels and the titles of the row below, and at the bands, in inches.
_ROW_GAP_IN = 0.1
_MIN_PANEL_IN = 0.4


def settle(page: Page) -> None:
    """Put the panels where they will be drawn, before anything is placed by their size.

    A grid in the layout engine (up to 16 panels) is laid out by it. A larger grid is laid
    out row by row from measured text (no engine pass): each row of panels keeps above it
    the height of its tallest title and icons, and below it the height of its x tick labels,
    so a three-line title never reaches the row above nor the top of the figure, whatever
    the number of panels or the length of the titles. Call it once titles and ranges are
    final; calling it again moves nothing.
    """
    fig = page.fig
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        return
    if not page.own or len(page.axes) < 2:
        return
    r = renderer_of(fig)
    dpi = fig.dpi
    axes, cols = page.axes, page.cols
    rows = math.ceil(len(axes) / cols)
    above, below = np.zeros(rows), np.zeros(rows)
    for i, a in enumerate(axes):
        box = a.get_window_extent(r)
        tops = [
            t.get_window_extent(r).y1
            for t in (a.title, a._left_title, a._right_title)
            if t.get_text()
        ]
        tops += [
            c.get_window_extent(r).y1
            for c in a.get_children()
            if (c.get_gid() or "").startswith("icon")
        ]
        above[i // cols] = max(above[i // cols], (max(tops, default=box.y1) - box.y1) / dpi)
        below[i // cols] = max(below[i // cols], _tick_labels_in(a, r))
    H = fig.get_size_inches()[1]
    top = page.header_in + _ROW_GAP_IN
    bottom = page.legend_in + _ROW_GAP_IN + (0.25 if page.xlabel else 0.0)
    room = H - top - bottom - above.sum() - below.sum() - _ROW_GAP_IN * (rows - 1)
    height = max(room / rows, _MIN_PANEL_IN)
    y = H - top
    for row in range(rows):
        y -= above[row] + height
        for a in axes[row * cols : (row + 1) * cols]:
            pos = a.get_position()
            a.set_position([pos.x0, y / H, pos.width, height / H])
        y -= below[row] + _ROW_GAP_IN


def _tick_labels_in(ax: Axes, renderer: Any) -> float:
    """Height in inches of the x tick marks and labels under ``ax`` (0 without labels): the
    labels' lines measured at their font size, without making every tick."""
    from matplotlib.ticker import NullLocator

    axis = ax.xaxis
    if not axis.get_visible() or isinstance(axis.get_major_locator(), NullLocator):
        return 0.0
    lo, hi = sorted(ax.get_xlim())
    locs = [v for v in axis.get_majorticklocs() if lo <= v <= hi]
    labels = [t for t in axis.get_major_formatter().format_ticks(locs) if t]
    if not labels:
        return 0.0
    tick = axis.majorTicks[0]
    if not tick.label1.get_visible():
        return 0.0
    lines = max(t.count("\n") + 1 for t in labels)
    _, h, _ = renderer.get_text_width_height_descent(
        "Ag", tick.label1.get_fontproperties(), ismath=False
    )
    pad_pt = tick.get_tick_padding() + tick.get_pad()
    return (lines * h * 1.2 / renderer.points_to_pixels(1.0) + pad_pt) / 72


def renderer_of(fig: Figure) -> Any:
    """The figure's renderer, to measure text before the figure is saved: its canvas's, or,
    for a Figure made without pyplot (``Figure()``, as web apps do, whose base canvas has
    none), that of an Agg canvas given to it, as ``savefig`` would."""
    get = getattr(fig.canvas, "get_renderer", None)
    if get is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        get = FigureCanvasAgg(fig).get_renderer
    return get()


def pyplot() -> Any:
    """matplotlib.pyplot, or an ImportError that says how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("plotting needs matplotlib: pip install 'qistats[plot]'") from err
    return plt


def finish(
    page: Page,
    *,
    title: str | None,
    subtitle: str | None,
    xlabel: str | None,
    ylabel: str | None,
    handles: list[Any],
    then: Callable[[Figure], None] | None = None,
) -> Figure:
    """Title and subtitle in the header band, axis labels and the one legend; ``then(fig)``
    last, on the finished figure (while it can still be drawn, before :func:`release`)."""
    fig = page.fig
    if not page.own:
        ax = page.axes[0]
        _title_in_axes(ax, title, subtitle, page.caller_title)
        ax.set_xlabel(xlabel or "")
        ax.set_ylabel(_fit_label(ylabel, ax, fig))
        if handles:
            ax.legend(handles=handles, fontsize=7, frameon=True, framealpha=0.8, loc="best")
        if then is not None:
            then(fig)
        literal_text(ax, page.kept)
        return release(fig)  # the caller's own figure: pyplot shows it, once
    if fig.get_layout_engine() is None:  # (the engine lays out at draw time)
        settle(page)
    W, H = fig.get_size_inches()
    y = 1 - 0.12 / H
    title, subtitle = wrap(title, W, TITLE_PT), wrap(subtitle, W, SUBTITLE_PT)
    if title:
        fig.text(
            0.12 / W,
            y,
            title,
            fontsize=TITLE_PT,
            ha="left",
            va="top",
            gid="title",
            fontweight="bold",
            color=mdc_colours()["text"],
        )
        y -= TITLE_PT * 1.45 / 72 / H * (1 + title.count("\n"))
    if subtitle:
        fig.text(
            0.12 / W,
            y,
            subtitle,
            fontsize=SUBTITLE_PT,
            ha="left",
            va="top",
            gid="subtitle",
            color=frame_colours()["subtext"],
        )
    if len(page.axes) == 1:
        page.axes[0].set_xlabel(xlabel or "")
        page.axes[0].set_ylabel(_fit_label(ylabel, page.axes[0], fig))
    else:
        # a label for the whole grid: as long as the grid is tall
        ylabel = wrap(ylabel, H - page.legend_in - header_height(title, subtitle, W), 10)
        if xlabel:
            fig.supxlabel(xlabel, fontsize=10, y=(page.legend_in + 0.02) / H, va="bottom")
        if ylabel and fig.get_layout_engine() is not None:
            fig.supylabel(ylabel, fontsize=10)  # placed, and room made, by the layout engine
        elif ylabel:
            fig.supylabel(ylabel, fontsize=10, x=0.02 / W, ha="left")
    if handles:
        ncol = _legend_columns([h.get_label() for h in handles], W)
        fig.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.04 / H),
            ncol=ncol,
            frameon=False,
            fontsize=legend_size(W),
            markerscale=legend_size(W) / LEGEND_PT,
            handlelength=2.2,
        ).set_gid("legend")
    if len(page.axes) > 1:  # with the header, axis labels and legend in place
        fit_titles(page)
    if then is not None:
        then(fig)
    literal_text(fig)
    return release(fig)


def _title_in_axes(ax: Axes, title: str | None, subtitle: str | None, caller: str) -> None:
    """The title, the subtitle and the series' name (the left title the drawing set: "BRI3",
    a funnel's "Brindley: φ = 0.14 …") above the caller's own axes, each wrapped at spaces
    to the width of the axes, the bottom line, beside them, to the width left of its icons or
    verdict badge (every line at the badge's left made a six-line title): a
    ward's chart in a grid of
    the caller's says which ward it is, and a long title ("Ambition: a 50% reduction …")
    neither runs over the next axes nor under the badge. No title (``title=""``), no
    subtitle and no series: the caller's own title stays."""
    from matplotlib.text import Text

    series = ax.get_title(loc="left")
    lines = [t for t in (title, subtitle) if t]
    if series and not any(series in t for t in lines):
        lines += series.split("\n")  # a series' name and its note ("latest: Feb 2024")
    if not lines:
        ax.set_title(caller, loc="left")
        return
    fig = ax.figure
    renderer = renderer_of(fig)
    box = ax.get_window_extent(renderer)
    blockers = [
        c.get_window_extent(renderer).x0
        for c in ax.get_children()
        if str(c.get_gid()).startswith("icon_") or c.get_gid() == "verdict"
    ]
    room = (min(blockers, default=box.x1) - 4.0) - box.x0
    probe = Text(0, 0, "", fontsize=11, figure=fig)

    def width(text: str) -> float:
        probe.set_text(text)
        return probe.get_window_extent(renderer).width

    # the lines run the axes' width; only the bottom one sits beside the icons or badge
    full = box.width - 4.0
    wrapped = [w for line in lines for w in _wrap_to(line, full, width)]
    wrapped[-1:] = _wrap_to(wrapped[-1], room, width)
    ax.set_title("\n".join(wrapped), loc="left", fontsize=11, gid="title")


def _wrap_to(line: str, room: float, width: Callable[[str], float]) -> list[str]:
    """``line`` broken at spaces into lines that fit ``room`` pixels (a word longer than the
    room is shortened with "…")."""
    out: list[str] = []
    for word in line.split(" "):
        joined = f"{out[-1]} {word}" if out else word
        if out and width(joined) <= room:
            out[-1] = joined
        else:
            out.append(word)
    return [_shorten(part, room, width) for part in out]


#: Lines a panel's title may wrap to (at spaces) before its lines are shortened with "…".
TITLE_LINES = 3
#: The gap (points) kept between a panel's title and its icons.
ICON_GAP_PT = 6.0
#: A title is fitted as if this much wider than measured: text is measured at the figure's
#: dpi (100), where DejaVu Sans at 9.5 pt happens to be drawn narrowest; saved at 80 dpi it is
#: 9-11 % wider (4-6 % at 72 or 96 dpi), so a title fitted to the last pixel ran past its
#: panel, and the right-hand panel's past the figure's edge ("…limits widened for
#: overdispers").
TITLE_SLACK = 1.12


def fit_titles(page: Page) -> None:
    """Wrap each panel's title at spaces where it would run past the panel's icons (or its
    right edge) into the next panel, to at most ``TITLE_LINES`` lines (or as many as it
    has), then shorten, line by line, with "…" what still does not fit: long names
    ("Ashford Vale Mental Health and Learning Disabilities NHS Foundation Trust") keep
    their words where there is room, else their distinguishing start."""
    for _ in range(3):  # the layout engine may move the panels once titles are shorter
        settle(page)
        if not _shorten_titles(page):
            return


def _shorten_titles(page: Page) -> bool:
    """One pass of :func:`fit_titles`; whether any title changed."""
    from matplotlib.text import Text

    fig = page.fig
    renderer = renderer_of(fig)
    changed = False
    for a in page.axes:
        title = getattr(a, "_left_title", None)
        if title is None or not title.get_text():
            continue
        right = a.get_window_extent(renderer).x1
        icons = [
            c.get_window_extent(renderer)
            for c in a.get_children()
            if str(c.get_gid()).startswith("icon_")
        ]
        if icons:  # a clear gap before the icons ("…Hos…" ran into them)
            right = min(b.x0 for b in icons) - ICON_GAP_PT * fig.dpi / 72
        left = title.get_window_extent(renderer).x0
        room = (right - left) / TITLE_SLACK
        if title.get_window_extent(renderer).width <= room:
            continue
        probe = Text(0, 0, "", fontproperties=title.get_fontproperties(), figure=fig)

        def width(text: str, probe: Text = probe) -> float:
            probe.set_text(text)
            return probe.get_window_extent(renderer).width

        lines = title.get_text().split("\n")
        wrapped = [piece for line in lines for piece in _wrap_words(line, room, width)]
        if len(wrapped) <= max(TITLE_LINES, len(lines)):  # a third line before any "…"
            lines = wrapped
        text = "\n".join(_shorten(line, room, width) for line in lines)
        changed |= text != title.get_text()
        title.set_text(text)
    return changed


def _wrap_words(line: str, room: float, width: Callable[[str], float]) -> list[str]:
    """``line`` wrapped at spaces into pieces that fit ``room`` (a word wider than it alone
    on its piece)."""
    if width(line) <= room:
        return [line]
    pieces: list[str] = []
    for word in line.split(" "):
        if pieces and width(pieces[-1] + " " + word) <= room:
            pieces[-1] += " " + word
        else:
            pieces.append(word)
    return pieces


def _shorten(line: str, room: float, width: Callable[[str], float]) -> str:
    """``line``, or its longest start that fits ``room`` with "…" after it."""
    if width(line) <= room:
        return line
    lo, hi = 0, len(line)  # the start of length lo fits, of length hi does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if width(line[:mid].rstrip() + "…") <= room:
            lo = mid
        else:
            hi = mid
    return line[:lo].rstrip() + "…"


def literal_text(artist: Figure | Axes, keep: frozenset[int] = frozenset()) -> None:
    """Every text of ``artist`` (but those whose ids are in ``keep``) drawn as written: a "$"
    in a measure name, unit, series label or column name ("Agency spend in $k") is a dollar,
    not the start of matplotlib mathtext. qistats writes no mathtext of its own."""
    from matplotlib.text import Text

    for t in artist.findobj(Text):
        if id(t) not in keep:
            t.set_parse_math(False)


def release(fig: Figure) -> Figure:
    """Hand the figure to the caller, to be shown once in a notebook.

    With the inline backend pyplot shows every open figure at the end of the cell: after
    ``fig = res.plot()``, ``res.plot();``, ``res.plot(series=w)`` in a loop and
    ``res.plot(ax=ax)``, as after any pyplot call. IPython would also show a figure that is
    the cell's value (``res.plot()`` as its last line) a second time. So the figure, however
    it is displayed first (as the cell's value, or by pyplot), is closed in pyplot as it is
    shown: pyplot does not show it again, and ``fig`` in a later cell shows it. Elsewhere
    (scripts, Sphinx, GUI backends) nothing changes.
    """
    import matplotlib

    if "inline" in matplotlib.get_backend():
        fig._ipython_display_ = partial(_show_once, fig)  # type: ignore[attr-defined]
    return fig


def _show_once(fig: Figure) -> None:
    """IPython's display of the figure (as a cell's value, or by pyplot at the end of the
    cell): close it in pyplot, so that pyplot does not show it again, and show it."""
    from IPython.display import display

    pyplot().close(fig)  # nothing if pyplot has closed it already
    hook = fig.__dict__.pop("_ipython_display_")
    try:
        display(fig)  # IPython's own formats of a figure (png, or as configured)
    finally:
        fig._ipython_display_ = hook  # type: ignore[attr-defined]


LEGEND_PT = 8.5
#: Figures wider than this get a proportionally larger legend (up to ``LEGEND_MAX_PT``): a
#: 24-inch grid of 49 panels is seen shrunk to a screen or a page, and its one legend is the
#: key to every panel.
LEGEND_SCALE_FROM_IN = 12.0
LEGEND_MAX_PT = 14.0


def legend_size(width_in: float) -> float:
    """The legend's font size for a figure ``width_in`` wide: 8.5 pt up to 12 in, then in
    proportion to the width, at most 14 pt (24 in)."""
    return min(LEGEND_PT * max(1.0, width_in / LEGEND_SCALE_FROM_IN), LEGEND_MAX_PT)


def _legend_columns(labels: list[str], width_in: float) -> int:
    """As many columns as fit across the figure, each as wide as the longest entry, and no
    more than fill its rows evenly: 6 entries where 5 fit are 3 columns of 2 (matplotlib
    fills a legend column by column, so 5 columns put the second entry alone under the
    first, "improvement" under "common cause" and the rest beside them).

    >>> _legend_columns(["common cause"] * 6, 7.2), _legend_columns(["common cause"] * 6, 12)
    (3, 6)
    """
    scale = legend_size(width_in) / LEGEND_PT
    column_in = (0.6 + 0.068 * max(map(len, labels))) * scale  # handle, gap and text
    fit = max(1, min(len(labels), int((width_in - 0.2) / column_in)))
    rows = math.ceil(len(labels) / fit)
    return math.ceil(len(labels) / rows)


def _legend_height(entries: int | Sequence[str], width_in: float) -> float:
    """Room for the legend: its labels, or a number of entries of about 24 characters.

    A row of the legend is 0.19 in high at 8.5 pt (matplotlib's, measured: 1.55 in for 8
    rows, 0.22 in for one); 0.24 in a row left a band of half an inch between the panels and
    a legend of 8 rows."""
    labels = ["x" * 24] * entries if isinstance(entries, int) else list(entries)
    if not labels:
        return 0.05
    scale = legend_size(width_in) / LEGEND_PT
    return (0.2 + 0.19 * math.ceil(len(labels) / _legend_columns(labels, width_in))) * scale


__all__ = [
    "LEGEND_PT",
    "Page",
    "chosen",
    "finish",
    "grid_shape",
    "header_height",
    "key_label",
    "label_outer",
    "legend_size",
    "literal_text",
    "new_page",
    "panel_rc",
    "pyplot",
    "release",
    "select",
    "series_keys",
    "settle",
    "wrap",
]
