"""Bar chart labels in the languages of the pages: the label column fits the longest."""

from members.public.charts import LABEL_WIDTH, PHONE_COLUMN, bar_chart

# Pixels Chromium gives these labels at 14px in the page's fonts (measured).
RUSSIAN = [("Северная Америка", 1, "/n"), ("Латинская Америка", 14, "/l")]
LATIN_AMERICA_PX = 147
# Room after the longest bar for its value ("28") and the gap before it.
VALUE_PX = 24


def test_short_labels_keep_the_usual_label_column():
    chart = bar_chart([("Europe", 28, "/e"), ("North America", 1, "/n")])

    assert chart.label_width == LABEL_WIDTH
    assert chart.bars[0].percent == 54


def test_a_long_label_widens_its_column_and_still_fits_a_phone():
    chart = bar_chart(RUSSIAN)

    # Labels end at label_x: the longest starts inside the chart.
    assert chart.label_x >= LATIN_AMERICA_PX
    longest = max(bar.percent for bar in chart.bars)
    assert chart.label_width + PHONE_COLUMN * longest / 100 + VALUE_PX <= PHONE_COLUMN
