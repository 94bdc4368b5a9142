import numpy as np

from generator import figures
from generator.compute import Trace
from generator.registry import LESSON_GRID, by_name


def _relu() -> figures.Chart:
    x = np.arange(-8.0, 8.0, 0.1, dtype=np.float32)
    trace = Trace(
        by_name("relu"), LESSON_GRID, x, np.maximum(x, 0), (x > 0).astype(np.float32), 0.0, 0.4
    )
    return figures.lesson_charts(trace, (5, 2.5))[0]


def test_svg_has_the_lessons_labels_as_text_and_the_default_blue() -> None:
    svg = figures.draw(_relu())[0].decode()
    assert ">relu(x)</text>" in svg and ">x</text>" in svg
    assert "#1f77b4" in svg  # matplotlib's default first colour, as d2l.plot draws it
    assert "legend" not in svg  # d2l.plot with one curve and no legend= draws none


def test_dark_variant_gives_every_text_the_light_fill() -> None:
    light = figures.draw(_relu())[0].decode()
    dark = figures.recolour(light.encode()).decode()
    assert figures.DARK.text not in light
    assert dark.count("<text") == light.count("<text") == dark.count(f"fill: {figures.DARK.text}")


def test_svg_is_byte_stable() -> None:
    assert figures.draw(_relu())[0] == figures.draw(_relu())[0]


def test_svg_size_is_the_figsize_trimmed_to_the_drawing() -> None:
    width, height = figures.svg_size(figures.draw(_relu())[0])
    # 5 x 2.5 in at 96 px/in, with the margins trimmed as bbox_inches="tight" does
    assert 0.8 * 480 < width <= 480 and 0.8 * 240 < height <= 260


def test_csv_holds_exactly_the_plotted_float32_numbers() -> None:
    chart = _relu()
    lines = figures.chart_csv(chart).decode().splitlines()
    assert lines[0] == "x,relu(x)"
    table = np.array([line.split(",") for line in lines[1:]], dtype=np.float32)
    assert np.array_equal(table[:, 0], chart.x)
    assert np.array_equal(table[:, 1], chart.panels[0].series[0].y)
