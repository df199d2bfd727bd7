"""The frame every explorer shares: controls on top, a chart image and a text panel below.

An explorer wires controls to one analysis and one chart; it computes nothing itself. Where no
kernel runs (GitHub, nbviewer without widget state, a notebook just opened), the cell output
still shows the chart as it was last drawn and one friendly line, never a widget repr.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable

import ipywidgets as widgets
import pandas as pd
from matplotlib.axes import Axes

from raqqa_lesson import style

FALLBACK = ("Interactive explorer: run this notebook in Jupyter to use its controls. "
            "The chart shows its starting view.")


class Explorer(widgets.VBox):
    """Controls, a chart and a text panel, redrawn by ``render`` whenever a control changes.

    ``render(**values)`` returns ``(axes, html)``: the chart to show and the (already escaped)
    HTML for the panel beneath it.
    """

    def __init__(self, controls: dict[str, widgets.ValueWidget],
                 render: Callable[..., tuple[Axes, str]], *, chart_width: str = "100%"):
        self.controls = controls
        self.render = render
        self.chart = widgets.Image(format="png", layout=widgets.Layout(width=chart_width))
        self.panel = widgets.HTML()
        self.error = widgets.Output()
        for control in controls.values():
            control.observe(self.redraw, names="value")
        super().__init__([widgets.HBox(list(controls.values()),
                                       layout=widgets.Layout(flex_flow="row wrap")),
                          self.chart, self.panel, self.error])
        self.redraw()

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self, change=None) -> None:
        """Draw the chart and panel for the controls' current values."""
        self.error.clear_output()
        with self.error:  # a failing redraw shows its error here instead of vanishing
            ax, panel = self.render(**self.values())
            self.chart.value = style.png(ax)
            self.panel.value = panel

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = FALLBACK
        data["image/png"] = base64.b64encode(self.chart.value).decode("ascii")
        return bundle


def html_table(rows: list[dict], columns: list[str]) -> str:
    """A small HTML table with every cell escaped."""
    head = "".join(f"<th style='text-align:left'>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td style='text-align:left;vertical-align:top'>"
                         f"{html.escape(_text(row.get(c)))}</td>" for c in columns) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)
