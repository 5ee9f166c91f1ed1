"""Small server-side SVG charts: geometry here, markup in templates/organize/_chart.html.

No JavaScript and no inline styles (the CSP forbids them): the template draws with SVG
presentation attributes and CSS classes, and each chart carries its numbers as a table
for screen readers and for anyone who prefers figures to shapes.
"""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 68, 8, 12, 34


@dataclass
class Mark:
    x: float
    y: float
    width: float
    height: float
    value: float | None
    series: int


@dataclass
class Chart:
    title: str
    labels: list[str]
    legend: list[str]
    kind: str  # "bars" or "line"
    top: float
    marks: list[Mark] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    rows: list[tuple[str, list]] = field(default_factory=list)
    unit: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM
    plot_left: int = LEFT
    label_xs: list[float] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)


def _nice_top(value: float) -> float:
    for top in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= top:
            return top
    magnitude = 10 ** (len(str(int(value))) - 1)
    return ((int(value) // magnitude) + 1) * magnitude


def build(title, labels, series, legend, *, kind="bars", top=None, unit="") -> Chart:
    """`series`: one list of values per series, one value per label (None = no data)."""
    values = [v for s in series for v in s if v is not None]
    top = top or _nice_top(max(values, default=0) or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    chart = Chart(title=title, labels=labels, legend=legend, kind=kind, top=top, unit=unit)
    chart.label_xs = [LEFT + slot * (i + 0.5) for i in range(len(labels))]
    # Every other week is labelled, so that labels never overlap on a phone.
    chart.ticks = [(x, label) for x, label in zip(chart.label_xs, labels, strict=True)][::-2][::-1]
    chart.rows = [(label, [s[i] for s in series]) for i, label in enumerate(labels)]

    def y_of(value):
        return TOP + plot_h * (1 - min(value, top) / top)

    if kind == "line":
        for i, value in enumerate(series[0]):
            if value is not None:
                chart.points.append(f"{chart.label_xs[i]:.1f},{y_of(value):.1f}")
                chart.marks.append(Mark(chart.label_xs[i], y_of(value), 0, 0, value, 0))
        return chart
    bar_w = slot * 0.7 / len(series)
    for i in range(len(labels)):
        for n, values_of in enumerate(series):
            value = values_of[i] or 0
            x = LEFT + slot * i + slot * 0.15 + bar_w * n
            chart.marks.append(Mark(x, y_of(value), bar_w, TOP + plot_h - y_of(value), value, n))
    return chart
