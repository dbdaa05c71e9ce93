"""Horizontal bar charts drawn as inline SVG: the geometry is worked out here so the
template only loops over bars (no JavaScript, nothing loaded from elsewhere).

The SVG has no viewBox: it is as wide as its column, text keeps its CSS size on a
phone and on a wide screen, and bar lengths are percentages of the chart's width.
"""

from dataclasses import dataclass

# Pixels for the labels left of the bars ("North America" at 14px fits).
LABEL_WIDTH = 120
BAR_HEIGHT = 24
GAP = 8
PADDING = 4
# The longest bar, as a percentage of the chart's width: on a 328px phone column
# the labels, the longest bar and its value still fit side by side.
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
        return LABEL_WIDTH - 8


def bar_chart(rows):
    """A chart of `rows`, each a (label, value, url) triple, bars scaled to the largest.

    A row with no value gets no bar and no link: there is nothing to click through to.
    """
    rows = list(rows)
    largest = max((value for _, value, _ in rows), default=0) or 1
    bars = [
        Bar(
            label=str(label),
            value=value,
            url=url if value else "",
            y=PADDING + index * (BAR_HEIGHT + GAP),
            percent=round(LONGEST_BAR * value / largest, 1),
        )
        for index, (label, value, url) in enumerate(rows)
    ]
    return BarChart(bars=bars)
