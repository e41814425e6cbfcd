"""Geometry of the dashboard's charts; templates draw them as SVG with their data table.

No chart library: bars and lines are a few rectangles and polylines, computed here so that
templates only place them, and the same rows give the data table and the XLSX download.
"""

from dataclasses import dataclass, field

BAR_HEIGHT = 22
BAR_GAP = 6
LABEL_WIDTH = 220
BAR_AREA = 360
PALETTE = ["#1f5fa8", "#b8520a", "#2b7a3d", "#8a2d8f", "#a11d33", "#5b5b5b"]


@dataclass
class Bar:
    label: str
    value: int
    url: str
    y: int
    width: int
    text_y: int


@dataclass
class BarChart:
    title: str
    bars: list
    height: int
    width: int = LABEL_WIDTH + BAR_AREA + 60
    label_width: int = LABEL_WIDTH


def bar_chart(title, rows):
    """Horizontal bars for rows with `label`, `count` and `url`, longest scaled to the area."""
    top = max((row.count for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        bars.append(
            Bar(
                row.label,
                row.count,
                row.url,
                y,
                max(round(BAR_AREA * row.count / top), 1 if row.count else 0),
                y + BAR_HEIGHT // 2 + 5,
            )
        )
    return BarChart(title, bars, max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT))


@dataclass
class Line:
    label: str
    colour: str
    points: str
    last: int


@dataclass
class LineChart:
    title: str
    lines: list
    days: list
    columns: list
    table: list
    width: int = 640
    height: int = 240
    margin: int = 40
    ticks: list = field(default_factory=list)


def timeline_chart(title, timeline, series):
    """Cumulative registrations per day, one line per (key, label) of `series`, each stacked
    on the ones before it so that the top line is the total."""
    chart = LineChart(title, [], [day for day, _c in timeline], [label for _k, label in series], [])
    if not timeline:
        return chart
    inner_w = chart.width - 2 * chart.margin
    inner_h = chart.height - 2 * chart.margin
    top = max(sum(counts.get(k, 0) for k, _l in series) for _d, counts in timeline) or 1
    steps = max(len(timeline) - 1, 1)
    stacked = [0] * len(timeline)
    for index, (key, label) in enumerate(series):
        values = [counts.get(key, 0) for _d, counts in timeline]
        if not any(values):
            continue
        stacked = [s + v for s, v in zip(stacked, values, strict=True)]
        points = " ".join(
            f"{chart.margin + round(inner_w * i / steps)},"
            f"{chart.margin + inner_h - round(inner_h * total / top)}"
            for i, total in enumerate(stacked)
        )
        chart.lines.append(Line(label, PALETTE[index % len(PALETTE)], points, values[-1]))
    chart.table = [(day, [counts.get(k, 0) for k, _l in series]) for day, counts in timeline]
    chart.ticks = [
        (chart.margin + inner_h - round(inner_h * value / top), value)
        for value in sorted({0, top // 2, top})
    ]
    return chart
