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


def _value(count: Count, printed: bool = True) -> dict[str, object]:
    # Hidden: a zero-height bar whose printed value says "< 5" (or its label does).
    text = display(count) if printed else ""
    return {"value": 0 if count.hidden else count.value, "formatter": lambda _v: text}


def _svg(chart: pygal.graph.graph.Graph) -> bytes:
    """The chart's SVG without pygal's inline script (interactive tooltips we do not use)."""
    tree = chart.render_tree()
    # pygal writes only a viewBox; an <img> needs the size too, or it shrinks to 300×150.
    tree.set("width", str(WIDTH))
    tree.set("height", str(HEIGHT))
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
        # Above the bar (beside it when horizontal), in the text colour: readable on any bar
        # colour and in grey print, and a hidden count's "< 5" stands clear of the axis.
        print_values_position="top",
        show_legend=len(series) > 1, legend_at_bottom=True,
        legend_at_bottom_columns=len(series),
        show_y_guides=not horizontal, show_x_guides=horizontal, truncate_label=-1,
        disable_xml_declaration=True, margin=12, include_x_axis=True,
        value_formatter=lambda v: str(int(v)) if v is not None else "",
    )
    chart.title = title
    if horizontal:
        # Beside a horizontal axis the printed "< 5" would touch the tick marks: the
        # category's label says it instead ("Did not come: < 5").
        (_name, values), = series
        labels = [f"{label}: {display(v)}" if v.hidden else label
                  for label, v in zip(labels, values, strict=True)]
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, [_value(v, printed=not (horizontal and v.hidden)) for v in values])
    return Chart(title, _svg(chart))


def report_charts(report: Report) -> list[Chart]:
    """The report's charts: outcomes, reach of everyone and of the priority group, ages, and
    the follow-up's answers where the report has them."""
    outcomes = report.section("outcomes")
    outcome_rows = [row for row in outcomes.rows if row.key != "total"]
    priority = report.section("priority")
    ages = report.section("ages")
    age_rows = [row for row in ages.rows if row.key != "total"]
    charts = [
        _bars(str(_l("Outcomes of the interviews")), [row.label for row in outcome_rows],
              [(str(_l("Interviews")), [row.count() for row in outcome_rows])],
              horizontal=True),
        _bars(str(_l("Young people from sign-up to hire")), [row.label for row in priority.rows],
              [(str(_l("All")), [row.count() for row in priority.rows]),
               (str(_l("Priority group")), [row.count(1) for row in priority.rows])]),
        _bars(str(_l("Age groups")), [row.label for row in age_rows],
              [(ages.columns[i], [row.count(i - 1) for row in age_rows]) for i in (1, 2, 3)]),
    ]
    if any(section.key == "follow_up_situation" for section in report.sections):
        situation = report.section("follow_up_situation")
        rows = [row for row in situation.rows if row.key != "total"]
        charts.append(_bars(str(_l("What the young people are doing after the event")),
                            [row.label for row in rows],
                            [(str(_l("Young people")), [row.count() for row in rows])],
                            horizontal=True))
    return charts
