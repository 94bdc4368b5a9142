"""The readout files that make the figures explorable (<stem>.json, see
figures.readout): what they hold is the CSV's numbers at the readout's precision, and
their map from data to the SVG puts a point exactly where matplotlib drew it. And every
choice of a parameter: its figure, its numbers, and code that computes them."""

from __future__ import annotations

import html
import itertools
import json
import re
import sys
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from generator import registry
from tests.conftest import BuiltSite

# A sample of every kind of figure: the lesson's (float32 grid), an atlas page's (two
# axes), a choice of parameters, an overview group (four curves on two axes), the
# exercises' (one with a log axis, one with marks that are not in the CSV, one with a
# difference of 10^-16), and the trained network's (its hidden units' shares drawn thin
# and left out of the readout; its loss on a log axis).
SAMPLE = (
    "figures/mlp/relu",
    "figures/mlp/sigmoid-grad",
    "figures/activations/gelu",
    "figures/activations/hardtanh-6",
    "figures/activations/compare-smooth",
    "figures/exercises/depth",
    "figures/exercises/mlp",
    "figures/exercises/identity",
    "figures/training/fit",
    "figures/training/loss",
)


def _readout(site: Path, stem: str) -> dict[str, Any]:
    return dict(json.loads((site / f"{stem}.json").read_text()))


def _csv(site: Path, stem: str) -> tuple[list[str], np.ndarray]:
    lines = (site / f"{stem}.csv").read_text().splitlines()
    return lines[0].split(","), np.array([line.split(",") for line in lines[1:]], dtype=float)


def decoded(quantised: dict[str, Any]) -> list[int]:
    """The whole numbers of 10^-q a quantised array stands for (first, then differences)."""
    return np.cumsum(quantised["d"]).tolist()  # type: ignore[no-any-return]


def test_the_sample_covers_every_kind_of_figure(built_site: BuiltSite) -> None:
    kinds = {stem.split("/")[1] for stem in SAMPLE}
    assert kinds == {p.name for p in (built_site.site / "figures").iterdir()}
    assert any(panel["log"] for panel in _readout(built_site.site, SAMPLE[5])["panels"])


@pytest.mark.parametrize("stem", SAMPLE)
def test_readout_values_are_the_csvs_at_the_shown_precision(
    built_site: BuiltSite, stem: str
) -> None:
    readout = _readout(built_site.site, stem)
    header, table = _csv(built_site.site, stem)
    q = readout["x"]["q"]
    assert [_rounded(v, q) for v in table[:, 0]] == [_fixed(n, q) for n in decoded(readout["x"])]
    assert len(readout["series"]) == len(header) - 1  # every CSV column, no more
    for column, series in enumerate(readout["series"], 1):
        if "v" in series:  # a log axis, or a curve of zeros at q decimals: significant digits
            expected = [float(f"{v:.{series['sig'] - 1}e}") for v in table[:, column]]
            assert series["v"] == expected, f"{stem}: {header[column]}"
        else:
            shown = [_fixed(n, series["q"]) for n in decoded(series)]
            assert shown == [_rounded(v, series["q"]) for v in table[:, column]], header[column]


def _rounded(value: float, q: int) -> str:
    """`value` to q decimals as Python formats it (correctly rounded), but never "-0.0000"."""
    text = f"{value:.{q}f}"
    return text[1:] if re.fullmatch(r"-0\.?0*", text) else text


def _fixed(whole: int, q: int) -> str:
    """A whole number of 10^-q written with q decimals, as the page script writes it."""
    sign = "-" if whole < 0 else ""
    digits = str(abs(whole)).rjust(q + 1, "0")
    return sign + (digits[:-q] + "." + digits[-q:] if q else digits)


_PATH_START = re.compile(r"<path d=\"M ([-\d.]+) ([-\d.]+)((?:\s+L [-\d.]+ [-\d.]+)*)")
_VIEW_BOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')


@pytest.mark.parametrize("stem", SAMPLE)
def test_the_map_puts_each_curves_ends_where_matplotlib_drew_them(
    built_site: BuiltSite, stem: str
) -> None:
    """Each curve's first and last points, mapped by the readout file, land on the ends
    of a path of the SVG (to its 1/100 pt), measured from the view box's corner."""
    svg = (built_site.site / f"{stem}.svg").read_text()
    readout = _readout(built_site.site, stem)
    left, top, width, height = (float(v) for v in _VIEW_BOX.search(svg).groups())  # type: ignore[union-attr]
    assert readout["box"] == pytest.approx([width, height], abs=0.01)
    ends = []
    for found in _PATH_START.finditer(svg):
        rest = found[3].split()
        last = (float(rest[-2]), float(rest[-1])) if rest else (float(found[1]), float(found[2]))
        ends.append(
            ((float(found[1]) - left, float(found[2]) - top), (last[0] - left, last[1] - top))
        )
    _, table = _csv(built_site.site, stem)
    for column, series in enumerate(readout["series"], 1):
        panel = readout["panels"][series["panel"]]
        mapped = [_map(panel, table[i, 0], table[i, column]) for i in (0, -1)]
        assert any(
            np.allclose(start, mapped[0], atol=0.02) and np.allclose(end, mapped[1], atol=0.02)
            for start, end in ends
        ), f"{stem}: {series['label']} is not where the map puts it"


def _map(panel: dict[str, Any], x: float, y: float) -> tuple[float, float]:
    (ax, bx), (ay, by) = panel["x"], panel["y"]
    return ax * x + bx, ay * (np.log10(y) if panel["log"] else y) + by


def test_a_wrong_map_is_caught(built_site: BuiltSite) -> None:
    """The check above can fail: shift the map by a tenth of a point and it does."""
    readout = _readout(built_site.site, SAMPLE[2])
    panel = readout["panels"][0]
    _, table = _csv(built_site.site, SAMPLE[2])
    right = _map(panel, table[0, 0], table[0, 1])
    panel["x"][1] += 0.1
    assert not np.allclose(_map(panel, table[0, 0], table[0, 1]), right, atol=0.02)


CHOOSABLE = [a.name for a in registry.ACTIVATIONS if len(a.variants()) > 1]
CODE = re.compile(
    r'^<div class="param-choice" data-choices="([^"]*)"[^\n]*\n\n```python\n(.*?)^```$', re.S | re.M
)
LIGHT = re.compile(r'<img [^>]*src="([^"]*)\.svg#only-light"[^>]*data-choices="([^"]*)"')
SELECT = re.compile(r'<select name="([^"]+)">(.*?)</select>', re.S)


def test_every_parameter_the_issue_names_has_choices() -> None:
    assert set(CHOOSABLE) >= {
        "leaky_relu", "elu", "celu", "softplus", "hardtanh", "softshrink", "hardshrink",
        "threshold", "rrelu", "prelu", "gelu",
    }  # fmt: skip


def _by_key(found: list[tuple[str, str]]) -> dict[str, str]:
    """(keys, value) pairs as {key: value}; each key once."""
    result: dict[str, str] = {}
    for keys, value in found:
        for key in html.unescape(keys).split(" "):
            assert key not in result, f"{key} twice"
            result[key] = value
    return result


@pytest.mark.parametrize("name", CHOOSABLE)
def test_every_choice_has_a_figure_and_code_that_computes_it(
    built_site: BuiltSite, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Each choice the page's controls can make has its figure files, its own code
    block and image pair on the page, and its code plots exactly its figure's CSV."""
    page = built_site.page(f"en/activations/{name}/")
    markdown = built_site.markdown("en", f"activations/{name}/index.md")
    controls = [
        (param, re.findall(r'<option value="([^"]*)"', options))
        for param, options in SELECT.findall(page)
    ]
    keys = {
        "&".join(f"{p}={v}" for (p, _), v in zip(controls, values, strict=True))
        for values in itertools.product(*(options for _, options in controls))
    }
    assert keys == {v.key for v in registry.by_name(name).variants()}
    code = _by_key(CODE.findall(markdown))
    images = _by_key([(keys, src) for src, keys in LIGHT.findall(page)])
    assert set(code) == set(images) == keys
    for key in sorted(keys):
        stem = images[key].removeprefix("../../../")
        for suffix in (".svg", "-dark.svg", ".csv", ".json"):
            assert (built_site.site / f"{stem}{suffix}").is_file(), stem
        x, y, grad = _run(code[key], monkeypatch)
        _, table = _csv(built_site.site, stem)
        for column, values in enumerate((x, y, grad)):
            assert np.array_equal(table[:, column], values), f"{name} with {key}"


def _run(code: str, monkeypatch: pytest.MonkeyPatch) -> tuple[np.ndarray, ...]:
    """The page's code with a d2l that records what it plots: x, y and the gradient."""
    plotted: list[Any] = []
    plt = types.SimpleNamespace(subplots=lambda *a, **k: (None, [0, 1]), show=lambda: None)
    d2l = types.ModuleType("d2l")
    d2l.torch = types.SimpleNamespace(  # type: ignore[attr-defined]
        plot=lambda x, y, *a, **k: plotted.append((x, y)), plt=plt
    )
    monkeypatch.setitem(sys.modules, "d2l", d2l)
    exec(compile(code, "<atlas code>", "exec"), {})
    (x, y), (_, grad) = plotted
    return x.numpy(), y.numpy(), grad.numpy()
