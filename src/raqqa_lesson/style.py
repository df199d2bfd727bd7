"""One look for every chart: a colour-blind-safe palette, projector-sized fonts, and figures that
stay out of pyplot's global state (so notebooks never show a chart twice and memory is freed)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

# Okabe & Ito's palette, safe for the common colour-vision deficiencies.
PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
# A second cue beside colour, for bars and areas.
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")
FONT_SIZE = 12
DPI = 100
"""Every chart's resolution, whatever the user's ``figure.dpi``: explorers draw on a canvas at
the figure's own dpi, and their views must match the charts ``png`` writes."""

RC = {
    "text.parse_math": False,  # a '$' in the data is a dollar sign, never the start of maths
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE + 2,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": FONT_SIZE - 1,
    "ytick.labelsize": FONT_SIZE - 1,
    "legend.fontsize": FONT_SIZE - 1,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "raqqa-lesson",
    # what a saved chart looks like, as an explorer's canvas draws it, whatever the user's rc says
    "savefig.facecolor": "white",
    "savefig.transparent": False,
}


def new_axes(width: float = 9, height: float = 5) -> Axes:
    """Axes on a new Figure that pyplot does not track."""
    return Figure(figsize=(width, height), dpi=DPI, facecolor="white",
                  layout="constrained").add_subplot()


def styled(function):
    """Run a drawing function under the lesson's rcParams."""

    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(RC):
            return function(*args, **kwargs)

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    wrapper.__wrapped__ = function
    return wrapper


def axes_or_new(ax: Axes | None, width: float = 9, height: float = 5) -> Axes:
    """The caller's axes, or new ones of the given size."""
    return ax if ax is not None else new_axes(width, height)


def png(ax: Axes, dpi: int = DPI, compress_level: int = 6) -> bytes:
    """The axes' figure as PNG bytes, the same bytes on every run (no timestamp or version).

    A ``compress_level`` of 1 encodes several times faster for a file about a fifth larger:
    right for an explorer's redraw, which is shown once and not saved.
    """
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):  # ticks made lazily at draw time take the lesson's sizes too
        ax.figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None},
                          pil_kwargs={"compress_level": compress_level})
    forget_renderer(ax.figure)
    return buffer.getvalue()


def forget_renderer(*drawn: Artist) -> None:
    """Make the texts in what was drawn let go of the renderer they were drawn with.

    matplotlib keeps it on every Text, and with it the renderer's pixels (2–5 MB a chart), for as
    long as the figure lives: an explorer's figure as long as the notebook is open, any other
    chart's until Python's cycle collector next runs. A text that needs a renderer again asks its
    figure for one, as a text never drawn does. (Give it only what was drawn: searching a figure
    not drawn since it changed makes every tick it would have.)
    """
    for artist in drawn:
        for text in artist.findobj(Text):
            text._renderer = None  # matplotlib has no public way to drop it


@contextmanager
def agg_canvas(figure: Figure) -> Iterator[FigureCanvasAgg]:
    """An Agg canvas to draw the figure on, for the block only: then the figure has its own
    canvas back, as ``savefig`` does it, and the Agg one goes, with its pixels once the texts
    drawn on it have forgotten its renderer (``forget_renderer``)."""
    own = figure.canvas
    try:
        yield FigureCanvasAgg(figure)
    finally:
        figure.set_canvas(own)


def fix_layout(figure: Figure) -> None:
    """Work out the figure's layout now, as drawing it would, and keep it from then on."""
    if (engine := figure.get_layout_engine()) is not None:
        engine.execute(figure)
    figure.set_layout_engine("none")


DYNAMIC = "dynamic"
"""The gid of the artists that change between an explorer's views (a highlight); an explorer
draws everything else once and then only these, over a copy of that first drawing. So nothing
unmarked may lie over a marked artist (a higher zorder where they overlap), and what is unmarked
must be the same in every view: the tests compare each view with a full drawing."""


def canvas_png(canvas, compress_level: int = 1) -> bytes:
    """What an Agg canvas holds now, as PNG bytes (no figure redraw)."""
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()


def word_list(words: list[str], conjunction: str = "and") -> str:
    """Words as a chart's text lists them: 'A', 'A and B', 'A, B and C'."""
    return f" {conjunction} ".join([", ".join(words[:-1]), words[-1]] if len(words) > 2 else words)
