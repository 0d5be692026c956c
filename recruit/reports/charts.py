"""Charts of a report, drawn on the server as SVG by pygal.

The page shows them as `<img>` data URLs: one request makes the whole printable report, the
strict Content-Security-Policy allows `data:` images, and an image runs no script. Values are
printed on the bars and the palette (Okabe–Ito) stays apart in grey print and for colour-blind
readers. A hidden count is drawn as an empty bar labelled "< 5", as in the tables.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree

import pygal
from flask_babel import lazy_gettext as _l
from pygal.style import Style

from recruit.reports.anonymity import Count
from recruit.reports.report import Report
from recruit.reports.sentences import display

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#c8c8c8",
    colors=PALETTE,
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=15,
    major_label_font_size=15,
    value_font_size=15,
    legend_font_size=15,
    title_font_size=18,
    opacity="1",
    opacity_hover="1",
)
WIDTH, HEIGHT = 800, 380


@dataclass(frozen=True)
class Chart:
    title: str
    svg: bytes

    @property
    def data_url(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")


def _value(count: Count) -> dict[str, object]:
    # Hidden: a zero-height bar whose printed value says "< 5".
    text = display(count)
    return {"value": 0 if count.hidden else count.value, "formatter": lambda _v: text}


def _svg(chart: pygal.graph.graph.Graph) -> bytes:
    """The chart's SVG without pygal's inline script (interactive tooltips we do not use)."""
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if child.tag in ("script", "{http://www.w3.org/2000/svg}script"):
                parent.remove(child)
    return ElementTree.tostring(tree, encoding="utf-8")


def _bars(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[Count]]],
          horizontal: bool = False) -> Chart:
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = kind(
        style=STYLE, width=WIDTH, height=HEIGHT, js=[], print_values=True,
        show_legend=len(series) > 1, legend_at_bottom=True, legend_at_bottom_columns=3,
        show_y_guides=not horizontal, show_x_guides=horizontal, truncate_label=-1,
        disable_xml_declaration=True, margin=12, include_x_axis=True,
        value_formatter=lambda v: str(int(v)) if v is not None else "",
    )
    chart.title = title
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, [_value(v) for v in values])
    return Chart(title, _svg(chart))


def report_charts(report: Report) -> list[Chart]:
    """The report's charts: outcomes, reach of everyone and of the priority group, ages."""
    outcomes = report.section("outcomes")
    outcome_rows = [row for row in outcomes.rows if row.key != "total"]
    priority = report.section("priority")
    ages = report.section("ages")
    age_rows = [row for row in ages.rows if row.key != "total"]
    return [
        _bars(str(_l("Outcomes of the interviews")), [row.label for row in outcome_rows],
              [(str(_l("Interviews")), [row.cells[0] for row in outcome_rows])],
              horizontal=True),
        _bars(str(_l("Young people from sign-up to hire")), [row.label for row in priority.rows],
              [(str(_l("All")), [row.cells[0] for row in priority.rows]),
               (str(_l("Priority group")), [row.cells[1] for row in priority.rows])]),
        _bars(str(_l("Age groups")), [row.label for row in age_rows],
              [(ages.columns[i], [row.cells[i - 1] for row in age_rows]) for i in (1, 2, 3)]),
    ]
