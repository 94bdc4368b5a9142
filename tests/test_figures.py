import numpy as np

from generator import figures


def _plot() -> figures.Plot:
    x = np.arange(-8.0, 8.0, 0.1, dtype=np.float32)
    return figures.Plot(x, np.maximum(x, 0), "x", "relu(x)", (5, 2.5))


def test_svg_has_the_lessons_labels_as_text_and_the_default_blue() -> None:
    svg = figures.plot_svg(_plot(), figures.LIGHT).decode()
    assert ">relu(x)</text>" in svg and ">x</text>" in svg
    assert "#1f77b4" in svg  # matplotlib's default first colour, as d2l.plot draws it


def test_dark_variant_has_light_text() -> None:
    light = figures.plot_svg(_plot(), figures.LIGHT).decode()
    dark = figures.plot_svg(_plot(), figures.DARK).decode()
    assert figures.DARK.text in dark and figures.DARK.text not in light


def test_svg_is_byte_stable() -> None:
    assert figures.plot_svg(_plot(), figures.LIGHT) == figures.plot_svg(_plot(), figures.LIGHT)


def test_svg_size_is_the_figsize_trimmed_to_the_drawing() -> None:
    width, height = figures.svg_size(figures.plot_svg(_plot(), figures.LIGHT))
    # 5 x 2.5 in at 96 px/in, with bbox_inches="tight" trimming the margins
    assert 0.8 * 480 < width <= 480 and 0.8 * 240 < height <= 260


def test_csv_holds_exactly_the_plotted_float32_numbers() -> None:
    plot = _plot()
    lines = figures.plot_csv(plot).decode().splitlines()
    assert lines[0] == "x,relu(x)"
    table = np.array([line.split(",") for line in lines[1:]], dtype=np.float32)
    assert np.array_equal(table[:, 0], plot.x) and np.array_equal(table[:, 1], plot.y)
