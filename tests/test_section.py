"""The section's numbers and figures (generator/section.py) and the code its pages show.

Each code template (generator/templates/code/<name>.py.j2), rendered with the module's
values, runs after the site's d2l stand-in, with the runner of tests/test_page_code.py:
every curve it draws must be its chart's CSV column, bit for bit, and every number it
prints the number the build computed. The claims a page may make are checked on every
seed the module lists, by running the page's code with each of them."""

from __future__ import annotations

import contextlib
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import numpy as np
import pytest

from generator import exercises, figures, section
from generator.figures import Chart
from generator.registry import ATLAS_FIGSIZE, ATLAS_GRID
from tests.test_page_code import _run as run_after_standin

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "generator" / "templates"

# The grid and size the exercises' figures use, as the build passes them.
GRID, FIGSIZE = ATLAS_GRID, ATLAS_FIGSIZE


@pytest.fixture(scope="module")
def computed() -> tuple[section.Section, dict[str, Chart]]:
    return section.compute_section(GRID, FIGSIZE)


def _render(name: str, **changes: str) -> str:
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    source = (TEMPLATES / "code" / f"{name}.py.j2").read_text(encoding="utf-8")
    return environment.from_string(source).render(section.code_values(GRID, FIGSIZE) | changes)


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


def test_every_template_is_listed_and_uses_name_placeholders_only() -> None:
    files = {path.name.removesuffix(".py.j2") for path in (TEMPLATES / "code").glob("*.py.j2")}
    assert files == set(section.CODE)
    values = section.code_values(GRID, FIGSIZE)
    for name in section.CODE:
        source = (TEMPLATES / "code" / f"{name}.py.j2").read_text(encoding="utf-8")
        rest = PLACEHOLDER.sub("", source)
        assert not re.search(r"\{[{%#]|[}%#]\}", rest), f"{name}: template syntax beyond names"
        assert set(PLACEHOLDER.findall(source)) <= set(values), name
        code = _render(name)
        compile(code, name, "exec")
        assert max(len(line) for line in code.splitlines()) < 100, f"{name}: a line is too long"


# --- Each template against the build ----------------------------------------------------


def _printed(answers: section.Section, name: str) -> dict[str, float]:
    """What the page code called `name` prints, as the build computed it."""
    fit, collapse = answers.fit, answers.collapse
    classes = answers.function_classes
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
        },
        "linear_depth": {"the stack against one layer": answers.linear_depth.stack_gap},
        "function_classes": {
            "tanh to sigmoid": classes.forward_gap,
            "sigmoid to tanh": classes.reverse_gap,
        },
    }[name]


@pytest.mark.parametrize("name", section.CODE)
def test_the_code_plots_and_prints_the_builds_numbers(
    computed: tuple[section.Section, dict[str, Chart]],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    answers, charts = computed
    ran = _run(_render(name), monkeypatch)
    if name in charts:
        _assert_plots_the_csv(ran, charts[name])
    else:
        assert ran.curves == []
    assert ran.printed == _printed(answers, name)


# --- The claims, on every seed ----------------------------------------------------------


def test_every_seeds_numbers_are_the_page_codes(
    computed: tuple[section.Section, dict[str, Chart]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The numbers per seed are what the page's code gives with that seed."""
    answers = computed[0]
    assert len(section.SEEDS) >= 5
    for i, seed in enumerate(section.SEEDS):
        fit = _run(_render("fit", seed=repr(seed)), monkeypatch)
        assert fit.printed["MSE of the network"] == answers.fit.network_mses[i], seed
        collapse = _run(_render("collapse", seed=repr(seed)), monkeypatch).printed
        assert collapse["two linear layers"] == answers.collapse.linear_gaps[i], seed
        assert collapse["with a ReLU between"] == answers.collapse.relu_gaps[i], seed
        depth = _run(_render("linear_depth", seed=repr(seed)), monkeypatch)
        assert depth.printed["the stack against one layer"] == answers.linear_depth.stack_gaps[i]
        ranks, single = (y.tolist() for _, y in depth.curves[:2])
        assert tuple(ranks) == answers.linear_depth.ranks[i], seed
        assert set(single) == {answers.linear_depth.single_ranks[i]}, seed
        classes = _run(_render("function_classes", seed=repr(seed)), monkeypatch).printed
        assert classes["tanh to sigmoid"] == answers.function_classes.forward_gaps[i], seed
        assert classes["sigmoid to tanh"] == answers.function_classes.reverse_gaps[i], seed


# A difference of rounding only, in these computations of a few dozen float64 operations
# on numbers of order 1.
ROUNDING = 1e-14


def test_the_line_is_flat_and_the_network_beats_it_for_every_seed(
    computed: tuple[section.Section, dict[str, Chart]],
) -> None:
    fit = computed[0].fit
    assert abs(fit.slope) < ROUNDING  # the target is even on a symmetric grid
    assert abs(fit.line_mse - fit.constant_mse) < ROUNDING  # no better than a constant
    assert fit.intercept == pytest.approx(0.34, abs=ROUNDING)  # the mean of (k/50)^2
    assert fit.worst_ratio == min(fit.line_mse / mse for mse in fit.network_mses)
    assert fit.worst_ratio > 100  # 'hundreds of times smaller', for every seed


def test_linear_layers_collapse_and_a_relu_stops_it_for_every_seed(
    computed: tuple[section.Section, dict[str, Chart]],
) -> None:
    collapse = computed[0].collapse
    assert max(collapse.linear_gaps) < ROUNDING
    assert min(collapse.relu_gaps) > 0.1


def test_depth_adds_nothing_and_a_narrow_layer_caps_the_rank(
    computed: tuple[section.Section, dict[str, Chart]],
) -> None:
    depth = computed[0].linear_depth
    assert max(depth.stack_gaps) < ROUNDING
    assert depth.capped
    # Eckart-Young: the truncated SVD's distance is the root of the dropped squares.
    assert depth.eckart_young_gap < ROUNDING
    for k, error, values in zip(depth.widths, depth.errors, depth.singular_values, strict=True):
        if k < depth.size:
            assert error > 0.01, k  # a narrow network cannot reach the single layer's map
            assert max(values[k:]) < ROUNDING, k  # rank k: the rest is rounding
        else:
            assert error < ROUNDING, k


def test_tanh_and_sigmoid_networks_match_both_ways_for_every_seed(
    computed: tuple[section.Section, dict[str, Chart]],
) -> None:
    classes = computed[0].function_classes
    assert max(classes.forward_gaps + classes.reverse_gaps) < ROUNDING


# --- The map between tanh and sigmoid networks ------------------------------------------


@pytest.mark.parametrize("seed", range(3))
def test_the_maps_hold_for_networks_with_several_inputs_and_outputs(seed: int) -> None:
    """Built as torch modules (nn.Linear keeps W transposed), with d, h, q of the diagram:
    the tanh network and its sigmoid image compute the same function, and back; mapping
    there and back gives the weights exactly (they are halved and doubled)."""
    import torch
    from torch import nn

    d, h, q = section.MLP_SIZES
    generator = torch.Generator().manual_seed(100 + seed)

    def draw(*shape: int) -> torch.Tensor:
        return torch.randn(*shape, dtype=torch.float64, generator=generator)

    def module(params: section.Params, activation: nn.Module) -> nn.Module:
        W1, b1, W2, b2 = params
        first, last = nn.Linear(d, h, dtype=torch.float64), nn.Linear(h, q, dtype=torch.float64)
        with torch.no_grad():
            for layer, W, b in ((first, W1, b1), (last, W2, b2)):
                layer.weight.copy_(W.T)
                layer.bias.copy_(b)
        return nn.Sequential(first, activation, last)

    X = draw(50, d)
    tanh_params = (draw(d, h), draw(h), draw(h, q), draw(q))
    sigmoid_params = (draw(d, h), draw(h), draw(h, q), draw(q))
    with torch.no_grad():
        for params, there, start, end in (
            (tanh_params, section.tanh_to_sigmoid, nn.Tanh(), nn.Sigmoid()),
            (sigmoid_params, section.sigmoid_to_tanh, nn.Sigmoid(), nn.Tanh()),
        ):
            gap = (module(params, start)(X) - module(there(params), end)(X)).abs().max()
            assert gap < ROUNDING
    again = section.sigmoid_to_tanh(section.tanh_to_sigmoid(tanh_params))
    for original, back in zip(tanh_params[:3], again[:3], strict=True):
        assert torch.equal(original, back)
    assert torch.allclose(tanh_params[3], again[3], rtol=0, atol=ROUNDING)


def test_without_the_bias_shift_the_networks_differ_by_a_constant() -> None:
    """The hint of exercise 5.2: scaling the weights is not enough; what is left over is
    the constant sum of W2 over the hidden units, which only a bias can absorb."""
    import torch

    generator = torch.Generator().manual_seed(7)
    shapes = [(1, 5), (5,), (5, 1), (1,)]
    W1, b1, W2, b2 = (torch.randn(*s, dtype=torch.float64, generator=generator) for s in shapes)
    W1s, b1s, W2s, _ = section.tanh_to_sigmoid((W1, b1, W2, b2))
    scaled = (W1s, b1s, W2s, b2)
    X = torch.linspace(-3, 3, 61, dtype=torch.float64)[:, None]
    gap = section.mlp(X, torch.tanh, (W1, b1, W2, b2)) - section.mlp(X, torch.sigmoid, scaled)
    assert W2.sum().abs() > 0.1
    assert torch.allclose(gap, -W2.sum(dim=0).expand_as(gap), rtol=0, atol=ROUNDING)


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


# --- The exercises of each edition ------------------------------------------------------


def test_each_editions_exercises_have_answers_in_the_editions_order() -> None:
    new = {"linear_depth", "function_classes"}
    answered = set(exercises.FORMULAS) | new
    english = [e.key for e in section.EXERCISES_EN]
    chinese = [e.key for e in section.EXERCISES_ZH]
    assert set(english) == answered and len(english) == len(answered)
    assert [k for k in english if k in chinese] == chinese  # the same order, four of them
    assert [e.number for e in section.EXERCISES_EN] == ["1", "2", "3", "4", "5.1", "5.2", "6", "7"]
    assert [e.number for e in section.EXERCISES_ZH] == ["1", "2", "3", "4"]
