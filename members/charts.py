"""Horizontal bar charts drawn as inline SVG: the geometry is worked out here so the
template only loops over bars (no JavaScript, nothing loaded from elsewhere)."""

from dataclasses import dataclass

# Geometry in SVG user units; the SVG scales to its container through its viewBox.
WIDTH = 640
LABEL_WIDTH = 130
VALUE_WIDTH = 50
BAR_HEIGHT = 24
GAP = 8
PADDING = 4


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str
    y: int
    width: float

    @property
    def text_y(self):
        """Baseline that centres a line of text on the bar."""
        return self.y + BAR_HEIGHT / 2 + 5

    @property
    def value_x(self):
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class BarChart:
    bars: list
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    width: int = WIDTH

    @property
    def height(self):
        return PADDING * 2 + len(self.bars) * (BAR_HEIGHT + GAP) - GAP if self.bars else 0

    @property
    def label_x(self):
        """Right edge of the labels, which are right-aligned against the bars."""
        return LABEL_WIDTH - 8

    @property
    def total(self):
        return sum(bar.value for bar in self.bars)


def bar_chart(rows):
    """A chart of `rows`, each a (label, value, url) triple, bars scaled to the largest.

    A row with no value gets no bar and no link: there is nothing to click through to.
    """
    rows = list(rows)
    largest = max((value for _, value, _ in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = [
        Bar(
            label=str(label),
            value=value,
            url=url if value else "",
            y=PADDING + index * (BAR_HEIGHT + GAP),
            width=round(room * value / largest, 1),
        )
        for index, (label, value, url) in enumerate(rows)
    ]
    return BarChart(bars=bars)
