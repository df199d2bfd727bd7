"""The frame every explorer shares: controls on top, a chart image and a text panel below.

An explorer wires controls to one analysis and one chart; it computes nothing itself. Where no
kernel runs (GitHub, nbviewer without widget state, a notebook just opened), the cell output
still shows the chart as it was last drawn and one friendly line, never a widget repr.
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import Callable

import ipywidgets as widgets
import matplotlib
from IPython.display import HTML, display, publish_display_data
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg

from raqqa_lesson import show, style
from raqqa_lesson.markup import element, join

FALLBACK = ("Interactive explorer: run this notebook in Jupyter to use its controls. "
            "The chart shows its starting view.")
MEMORY = 64
"""How many views an explorer remembers (about 100 kB each), so revisiting one is instant."""
LEAD = ("<p><em>Interactive explorer.</em> Change the controls, and the chart beneath them "
        "and the text under it follow. Where the notebook is not running, the controls do "
        "nothing and the chart shows its starting view.</p>")


class WithLead:
    """A widget shown after a line of plain HTML, so every viewer shows something readable:
    renderers that cannot draw widgets (GitHub, an HTML export opened offline) still show the
    line, and live notebooks show the line and the widget."""

    lead_html = ""

    def _ipython_display_(self):
        display(HTML(self.lead_html))
        bundle = self._repr_mimebundle_()
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        publish_display_data(data, metadata)


CHART_CLASS = "lesson-chart"
"""The class of an explorer's chart, for pages and tests to find it."""


class Explorer(WithLead, widgets.VBox):
    """Controls, a chart with its description, and a text panel, redrawn by ``render`` whenever a
    control changes.

    ``render(ax, **values)`` draws on ``ax`` (None the first time: it makes its own figure) and
    returns ``(axes, description, panel)``: the chart, one plain-text paragraph saying what it
    shows (also its alt text), and the already-escaped HTML beneath. After the first view the
    figure and its layout are kept and only the axes are rebuilt. With ``blit``, the views differ
    only in the artists the chart marks ``style.DYNAMIC``: everything else is drawn once, with
    the first view, and each view draws just those artists over a copy of it. That holds only if
    nothing unmarked lies over a marked artist and the unmarked ones are the same in every view
    (``style.DYNAMIC`` says so; the tests compare views with full drawings). Between views the
    explorer keeps no pixel buffer, only PNGs and that compressed copy.
    """

    def __init__(self, controls: dict[str, widgets.ValueWidget],
                 render: Callable[..., tuple[Axes, str, str]], *, chart_width: str = "100%",
                 blit: bool = False):
        self.controls = controls
        self.render = render
        self.blit = blit
        self.static = b""  # the pixels every view shares, compressed (with blit) ...
        self.static_size: tuple[int, int] | None = None  # ... and their width and height
        self.alt = ""
        self.lead_html = LEAD
        self.drawn: dict[tuple, tuple[bytes, str, str]] = {}  # values -> (png, description, panel)
        self.axes: Axes | None = None
        self.png = b""
        # an <img> in an HTML widget, not an Image widget: ipywidgets' Image cannot carry alt text
        self.chart = widgets.HTML(layout=widgets.Layout(width=chart_width))
        self.chart.add_class(CHART_CLASS)
        self.description = widgets.HTML()
        self.panel = widgets.HTML()
        for control in controls.values():
            control.observe(self.redraw, names="value")
        super().__init__([widgets.HBox(list(controls.values()),
                                       layout=widgets.Layout(flex_flow="row wrap")),
                          self.chart, self.description, self.panel])
        self.redraw()

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self, change=None) -> None:
        """Draw the chart and panel for the controls' current values.

        A failure is shown in the panel: an exception in a widget callback would otherwise go
        only to the kernel's log, and the learner would see a chart that silently stopped.
        """
        key = tuple(sorted(self.values().items()))
        if key not in self.drawn:  # render is pure, so a view seen before is drawn from memory
            if self.axes is not None:
                with matplotlib.rc_context(style.RC):  # clear() re-reads tick sizes from rcParams
                    self.axes.clear()
            try:
                ax, description, panel = self.render(self.axes, **self.values())
                png = self.draw(ax)
            except Exception as error:  # noqa: BLE001 -- shown to the learner, not swallowed
                self.panel.value = element("p", element("strong", "Could not redraw:"),
                                           f" {type(error).__name__}: {error}",
                                           style="color:#9a3a00")
                return
            self.drawn[key] = (png, description, panel)
            if len(self.drawn) > MEMORY:
                del self.drawn[next(iter(self.drawn))]  # forget the oldest view
        png, self.alt, panel = self.drawn[key]
        # text first, chart last: a front end that shows the new chart has the new text too
        self.description.value = show.description_html(self.alt)
        self.panel.value = join(panel)  # a render that returns plain text gets it escaped
        self.png = png
        self.chart.value = element("img", alt=self.alt, style="max-width:100%",
                                   src=f"data:image/png;base64,{base64.b64encode(png).decode('ascii')}")

    def draw(self, ax: Axes) -> bytes:
        """The chart as PNG bytes, drawn as little as the explorer's mode allows."""
        first, self.axes = self.axes is None, ax
        figure = ax.figure
        if not self.blit:
            png = style.png(ax, compress_level=1)
            if first:  # its layout, worked out for the first view, is kept
                figure.set_layout_engine("none")
            return png
        changing = changing_artists(ax)
        with style.agg_canvas(figure) as canvas, matplotlib.rc_context(style.RC):
            if first:  # its layout worked out (with the renderer about to draw it) and kept
                style.fix_layout(figure)
            size = canvas.get_width_height(physical=True)
            if size != self.static_size:  # the first view, or a figure that changed its size
                self.static, self.static_size = static_layer(canvas, changing), size
            else:
                paint(canvas, self.static)
            # limits and aspect as drawing the axes would settle them (a pending autoscale)
            ax.get_xlim(), ax.get_ylim()
            ax.apply_aspect()
            renderer = canvas.get_renderer()
            for artist in changing:  # in zorder, as a full drawing stacks them
                artist.draw(renderer)
            png = style.canvas_png(canvas)
        # a figure searched before it is drawn makes every tick it would have: after a new view,
        # search only what was drawn
        style.forget_renderer(*([figure] if first else changing))
        return png

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = FALLBACK
        data["image/png"] = base64.b64encode(self.png).decode("ascii")
        return data, {"image/png": {"alt": self.alt}}


def changing_artists(ax: Axes) -> list:
    """What changes between an explorer's views, in drawing order: the visible artists the chart
    marks ``style.DYNAMIC``, and the spines a full drawing shows over them."""
    marked = [artist for artist in ax.get_children() if artist.get_gid() == style.DYNAMIC]
    spines = [spine for spine in ax.spines.values() if ax.axison]
    return sorted([artist for artist in [*marked, *spines] if artist.get_visible()],
                  key=lambda artist: artist.get_zorder())


def static_layer(canvas: FigureCanvasAgg, hidden: list) -> bytes:
    """Draw the figure without the ``hidden`` artists; its pixels, compressed (about 100 kB,
    where the raw pixels would hold 2–3 MB for as long as the learner keeps the notebook open)."""
    for artist in hidden:
        artist.set_visible(False)
    try:
        canvas.draw()
    finally:
        for artist in hidden:
            artist.set_visible(True)
    return zlib.compress(canvas.buffer_rgba(), 1)


def paint(canvas: FigureCanvasAgg, static: bytes) -> None:
    """Fill the canvas with the static layer's pixels, for the changing artists to be drawn over."""
    memoryview(canvas.get_renderer().buffer_rgba()).cast("B")[:] = zlib.decompress(static)
