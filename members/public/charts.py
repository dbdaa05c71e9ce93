"""Bar and step charts drawn as inline SVG: the geometry is worked out here so the
template only loops over bars and steps (no JavaScript, nothing loaded from elsewhere).

The SVG has no viewBox: it is as wide as its column, text keeps its CSS size on a
phone and on a wide screen, and horizontal positions are percentages of the chart's
width (heights are pixels).
"""

import math
from dataclasses import dataclass

# Pixels for the labels left of the bars, at least ("North America" at 14px fits).
LABEL_WIDTH = 120
# Between a label's end and its bar.
LABEL_GAP = 8
# Pixels a character of a 14px label takes, about, in the widest of the pages'
# languages, Cyrillic ("Латинская Америка", 17 characters, is 147 px in Chromium on
# Debian; Latin script is narrower, Arabic narrower still). A label longer than the
# column's default widens it, so that no label runs off the chart.
CHAR_WIDTH = 8.6
BAR_HEIGHT = 24
GAP = 8
PADDING = 4
# The narrowest column a chart is drawn in: a 360 px phone less the page's margins.
PHONE_COLUMN = 328
# The longest bar beside labels of LABEL_WIDTH, as a percentage of the chart's width:
# on a phone's column the labels, the longest bar and its value still fit side by side.
LONGEST_BAR = 54


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str
    y: int
    percent: float

    @property
    def text_y(self):
        """Baseline that centres a line of 14px text on the bar."""
        return self.y + BAR_HEIGHT // 2 + 5


@dataclass(frozen=True)
class BarChart:
    bars: list
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self):
        return PADDING * 2 + len(self.bars) * (BAR_HEIGHT + GAP) - GAP if self.bars else 0

    @property
    def label_x(self):
        """Right edge of the labels, which are right-aligned against the bars."""
        return self.label_width - LABEL_GAP


def label_width(labels):
    """Pixels for the label column: LABEL_WIDTH, or more for the longest of `labels`."""
    longest = max((len(label) for label in labels), default=0)
    return max(LABEL_WIDTH, LABEL_GAP + math.ceil(longest * CHAR_WIDTH))


def bar_chart(rows):
    """A chart of `rows`, each a (label, value, url) triple, bars scaled to the largest.

    A row with no value gets no bar and no link: there is nothing to click through to.
    Labels are strings in the active language; a wider label column shortens the
    longest bar by as much of a phone's column.
    """
    rows = [(str(label), value, url) for label, value, url in rows]
    width = label_width(label for label, _, _ in rows)
    longest_bar = LONGEST_BAR - 100 * (width - LABEL_WIDTH) / PHONE_COLUMN
    largest = max((value for _, value, _ in rows), default=0) or 1
    bars = [
        Bar(
            label=label,
            value=value,
            url=url if value else "",
            y=PADDING + index * (BAR_HEIGHT + GAP),
            percent=round(longest_bar * value / largest, 1),
        )
        for index, (label, value, url) in enumerate(rows)
    ]
    return BarChart(bars=bars, label_width=width)


# The timeline: a step line over the years, in pixels from the top of the chart.
PLOT_TOP = 24
PLOT_HEIGHT = 160
BASELINE = PLOT_TOP + PLOT_HEIGHT
# Room under the baseline for the year labels.
TIMELINE_HEIGHT = BASELINE + 26
# A year is labelled under the axis every this many years (from the first): on a
# phone a column is about 19 px wide, and a label needs two.
LABEL_EVERY = 5


@dataclass(frozen=True)
class Step:
    """One year of the timeline: a column (x and width in percent of the chart's width)
    from the baseline up to the value, with the point at its middle."""

    label: str
    value: int
    url: str
    x: float
    width: float
    y: int

    @property
    def middle(self):
        return round(self.x + self.width / 2, 2)

    @property
    def right(self):
        return round(self.x + self.width, 2)

    @property
    def depth(self):
        """Height of the column under the step."""
        return BASELINE - self.y


@dataclass(frozen=True)
class StepChart:
    steps: list
    ticks: list  # (value, y) of each horizontal grid line
    labels: list  # (text, x percent, text-anchor) under the axis
    height: int = TIMELINE_HEIGHT
    baseline: int = BASELINE

    @property
    def risers(self):
        """The vertical lines joining one year's step to the next: (x, y1, y2)."""
        return [
            (after.x, before.y, after.y)
            for before, after in zip(self.steps, self.steps[1:])
            if before.y != after.y
        ]

    @property
    def last(self):
        return self.steps[-1] if self.steps else None


def nice_ticks(largest, most=4):
    """Round values for grid lines from 0 to at least `largest`: steps of 1, 2 or 5
    times a power of ten, at most `most` of them above zero."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if largest <= step * factor * most:
                size = step * factor
                top = -(-largest // size) * size or size
                return list(range(0, top + 1, size))
        step *= 10


def step_chart(rows):
    """A step chart of `rows`, each a (label, value, url) triple in order, scaled to
    the largest value rounded up to a grid line."""
    rows = list(rows)
    ticks = nice_ticks(max((value for _, value, _ in rows), default=0))
    top = ticks[-1]
    width = 100 / len(rows) if rows else 100

    def y(value):
        return round(BASELINE - PLOT_HEIGHT * value / top)

    steps = [
        Step(str(label), value, url, round(index * width, 2), round(width, 2), y(value))
        for index, (label, value, url) in enumerate(rows)
    ]
    labels = [
        # The first label starts at the left edge, so that it never leaves the chart.
        (step.label, step.x if index == 0 else step.middle, "start" if index == 0 else "middle")
        for index, step in enumerate(steps)
        if index % LABEL_EVERY == 0
    ]
    return StepChart(steps=steps, ticks=[(tick, y(tick)) for tick in ticks], labels=labels)
