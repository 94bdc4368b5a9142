"""The section's first half (generator/section.py) and the English edition's two new
exercises (generator/exercises.py), and the code their pages show.

Each code template (generator/templates/code/<name>.py.j2), rendered as the view renders
it (with the values of the module that owns its constants and the English comments),
runs after the site's d2l stand-in, with the runner of tests/test_page_code.py: every
curve it draws must be its chart's CSV column, bit for bit, and every number it prints
the number the build computed. The claims a page may make are checked on every seed of
`registry.SEEDS`, by running the page's code with each of them."""

from __future__ import annotations

import contextlib
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from generator import content, exercises, figures, section, view
from generator.figures import Chart
from generator.registry import ATLAS_FIGSIZE, ATLAS_GRID, LESSON_FIGSIZE, SEEDS
from tests.test_page_code import _run as run_after_standin

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "generator" / "templates"

# The grid and size the exercises' figures use, as the build passes them; the lesson's.
GRID, FIGSIZE = ATLAS_GRID, ATLAS_FIGSIZE

# Each template with the prose file of its comments and the values of its constants.
CODE = {
    "fit": ("mlp", lambda seed: section.code_values(LESSON_FIGSIZE, seed)),
    "collapse": ("mlp", lambda seed: section.code_values(LESSON_FIGSIZE, seed)),
    "exercise_linear_depth": ("exercises", lambda seed: exercises.code_values(GRID, FIGSIZE, seed)),
    "exercise_function_classes": (
        "exercises",
        lambda seed: exercises.code_values(GRID, FIGSIZE, seed),
    ),
}


@dataclass(frozen=True)
class Computed:
    section: section.Section
    fit: Chart
    exercises: exercises.Exercises
    charts: dict[str, Chart]


@pytest.fixture(scope="module")
def computed() -> Computed:
    first_half, fit = section.compute_section(LESSON_FIGSIZE)
    answers, charts = exercises.compute_exercises(GRID, FIGSIZE)
    return Computed(first_half, fit, answers, charts)


def _render(name: str, seed: int = SEEDS[0]) -> str:
    """The page's code for `name`, as the English page shows it, with `seed`."""
    stem, values = CODE[name]
    english = content.load_sources(ROOT).languages[1]
    reading = view.Reading(english)
    template = (TEMPLATES / "code" / f"{name}.py.j2").read_text(encoding="utf-8")
    code = view.render_code(name, template, values(seed), reading.words(stem, {}), reading)
    assert reading.problems == [], reading.problems
    return code.site


@dataclass(frozen=True)
class Ran:
    curves: list[tuple[np.ndarray, np.ndarray]]  # every curve drawn, in order
    printed: dict[str, float]  # each printed line 'label: number', by label


def _run(code: str, monkeypatch: pytest.MonkeyPatch) -> Ran:
    """Run a page's code after the stand-in, as the site's page code runs."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        curves = run_after_standin([code], monkeypatch)
    printed = {}
    for line in out.getvalue().splitlines():
        label, number = line.rsplit(" ", 1)
        printed[label.removesuffix(":")] = float(number)
    return Ran(curves, printed)


def _csv_columns(chart: Chart) -> list[tuple[np.ndarray, np.ndarray]]:
    """The chart's CSV, as the site writes it, read back: (x, column) after x."""
    lines = figures.chart_csv(chart).decode().splitlines()
    table = np.array([line.split(",") for line in lines[1:]], dtype=np.float64)
    return [(table[:, 0], table[:, i]) for i in range(1, table.shape[1])]


def _assert_plots_the_csv(ran: Ran, chart: Chart) -> None:
    columns = _csv_columns(chart)
    assert len(ran.curves) == len(columns)
    for number, ((x, y), (csv_x, csv_y)) in enumerate(zip(ran.curves, columns, strict=True), 1):
        assert np.array_equal(x, csv_x.astype(x.dtype)), f"curve {number}, x"
        assert np.array_equal(y, csv_y.astype(y.dtype)), f"curve {number}, y"


# --- The templates ----------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{\{ ([a-z_]+) \}\}")


def test_every_template_is_python_with_short_lines() -> None:
    for name in CODE:
        code = _render(name)
        compile(code, name, "exec")
        assert max(len(line) for line in code.splitlines()) < 100, f"{name}: a line is too long"


# --- Each template against the build ----------------------------------------------------


def _printed(computed: Computed, name: str) -> dict[str, float]:
    """What the page code called `name` prints, as the build computed it."""
    fit, collapse = computed.section.fit, computed.section.collapse
    depth, classes = computed.exercises.linear_depth, computed.exercises.function_classes
    return {
        "fit": {
            "slope": fit.slope,
            "intercept": fit.intercept,
            "MSE of the line": fit.line_mse,
            "MSE of the network": fit.network_mse,
        },
        "collapse": {
            "two linear layers": collapse.linear_gap,
            "with a ReLU between": collapse.relu_gap,
            "the best single layer": collapse.best_gap,
        },
        "exercise_linear_depth": {"the stack against one layer": depth.stack_gap},
        "exercise_function_classes": {
            "tanh to sigmoid": classes.forward_gap,
            "sigmoid to tanh": classes.reverse_gap,
        },
    }[name]


# The one printed number that a LAPACK solver computes (torch.linalg.lstsq): its last bits
# can depend on where the arrays lie in memory, so it is compared to rounding.
BY_LAPACK = "the best single layer"


@pytest.mark.parametrize("name", CODE)
def test_the_code_plots_and_prints_the_builds_numbers(
    computed: Computed, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    charts: dict[str, Chart] = {"fit": computed.fit}
    charts |= {f"exercise_{key}": chart for key, chart in computed.charts.items()}
    ran = _run(_render(name), monkeypatch)
    if name in charts:
        _assert_plots_the_csv(ran, charts[name])
    else:
        assert ran.curves == []
    expected = _printed(computed, name)
    assert ran.printed.pop(BY_LAPACK, None) == pytest.approx(expected.pop(BY_LAPACK, None))
    assert ran.printed == expected


# --- The claims, on every seed ----------------------------------------------------------


def test_every_seeds_numbers_are_the_page_codes(
    computed: Computed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The numbers per seed are what the page's code gives with that seed."""
    first_half, answers = computed.section, computed.exercises
    assert len(SEEDS) >= 5
    for i, seed in enumerate(SEEDS):
        fit = _run(_render("fit", seed), monkeypatch)
        assert fit.printed["MSE of the network"] == first_half.fit.network_mses[i], seed
        collapse = _run(_render("collapse", seed), monkeypatch).printed
        assert collapse["two linear layers"] == first_half.collapse.linear_gaps[i], seed
        assert collapse["with a ReLU between"] == first_half.collapse.relu_gaps[i], seed
        best = first_half.collapse.best_gaps[i]
        assert collapse[BY_LAPACK] == pytest.approx(best), seed
        depth = _run(_render("exercise_linear_depth", seed), monkeypatch)
        assert depth.printed["the stack against one layer"] == answers.linear_depth.stack_gaps[i]
        ranks, single = (y.tolist() for _, y in depth.curves[:2])
        assert tuple(ranks) == answers.linear_depth.ranks[i], seed
        assert set(single) == {answers.linear_depth.single_ranks[i]}, seed
        classes = _run(_render("exercise_function_classes", seed), monkeypatch).printed
        assert classes["tanh to sigmoid"] == answers.function_classes.forward_gaps[i], seed
        assert classes["sigmoid to tanh"] == answers.function_classes.reverse_gaps[i], seed


# A difference of rounding only, in these computations of a few dozen float64 operations
# on numbers of order 1.
ROUNDING = 1e-14


def test_the_line_is_flat_and_the_network_beats_it_for_every_seed(computed: Computed) -> None:
    fit = computed.section.fit
    assert abs(fit.slope) < ROUNDING  # the target is even on a symmetric grid
    assert abs(fit.line_mse - fit.constant_mse) < ROUNDING  # no better than a constant
    assert fit.intercept == pytest.approx(0.34, abs=ROUNDING)  # the mean of (k/50)^2
    assert fit.worst_ratio == min(fit.line_mse / mse for mse in fit.network_mses)
    assert fit.worst_ratio > 100  # 'hundreds of times smaller', for every seed


def test_linear_layers_collapse_and_a_relu_stops_it_for_every_seed(computed: Computed) -> None:
    collapse = computed.section.collapse
    assert max(collapse.linear_gaps) < ROUNDING
    assert min(collapse.relu_gaps) > 0.1
    # and no other single layer matches the network with the ReLU: not even the best one
    assert min(collapse.best_gaps) > 0.01


# --- The diagram ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def diagram() -> bytes:
    return section.diagram_svg()


def test_diagram_is_byte_stable(diagram: bytes) -> None:
    assert section.diagram_svg() == diagram


def test_diagram_has_every_unit_and_every_connection(diagram: bytes) -> None:
    svg = diagram.decode()
    layers = [
        [f"{name}{i}" for i in range(1, size + 1)]
        for name, size in zip("xho", section.MLP_SIZES, strict=True)
    ]
    units = set(re.findall(r'<g id="unit-(\w+)">', svg))
    arrows = set(re.findall(r'<g id="arrow-(\w+)-(\w+)">', svg))
    assert units == {unit for layer in layers for unit in layer}
    pairs = itertools.pairwise(layers)
    assert arrows == {(a, b) for below, above in pairs for a in below for b in above}


def test_diagram_text_is_maths_only_and_legible_on_a_phone(diagram: bytes) -> None:
    """No words (the caption names the layers, in the reader's language): each text is
    a letter, a subscript, '=' or a digit; and at the ~350 px a phone gives the figure, a
    letter is at least 14 px and a subscript at least 10 px."""
    svg = diagram.decode()
    spans = re.findall(r"<tspan [^>]*font-size: ([\d.]+)px[^>]*>([^<]*)</tspan>", svg)
    assert spans
    assert {text for _, text in spans} <= set("xhodq=0123456789")
    view_width = float(re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', svg)[1])  # type: ignore[index]
    scale = 350 / view_width
    letters = [float(size) * scale for size, text in spans if text.isalpha() or text == "="]
    digits = [float(size) * scale for size, text in spans if text.isdigit()]
    assert min(letters) >= 14 and min(digits) >= 10


def test_diagrams_dark_variant_recolours_every_line_and_letter(diagram: bytes) -> None:
    light = diagram.decode()
    dark = figures.recolour(diagram).decode()
    for colour in (figures.LIGHT.text, figures.LIGHT.legend):
        assert colour in light and colour not in dark
    assert dark.count("<text") == light.count("<text") == dark.count(f"fill: {figures.DARK.text}")
    # A path without a fill is filled black by the browser, which no recolouring reaches.
    for style in re.findall(r'<path [^>]*style="([^"]*)"', dark):
        assert "fill:" in style, style
