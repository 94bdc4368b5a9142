"""The explorable figures (docs/assets/javascripts/figures.js), as a reader uses them:
pointing at a figure reads the values of the page's own CSV, the arrow keys move the
marker, a parameter's control changes the figure, its numbers and the address, the
address restores the view in every language, a broken address gives the default view
without an error, and without scripts every figure is still there."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import pytest

from generator import registry
from tests.browser.conftest import SUB_PATH
from tests.browser.tab import PHONE, Served, Tab
from tests.conftest import BuiltSite

MINUS = "\N{MINUS SIGN}"
NUMBER = re.compile(rf"= ({MINUS}?\d+(?:\.\d+)?)")


def _layer(tab: Tab, figure: str) -> Any:
    return tab.page.locator(f"#{figure} [role=slider]")


def _readout(tab: Tab, figure: str) -> list[str]:
    """The numbers the figure's readout shows, in order: x, then each curve's value."""
    text = tab.page.locator(f"#{figure} output").text_content() or ""
    return NUMBER.findall(text)


def _table(site: Path, stem: str) -> np.ndarray:
    lines = (site / f"{stem}.csv").read_text().splitlines()
    return np.array([line.split(",") for line in lines[1:]], dtype=float)


def _shown(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    text = text[1:] if re.fullmatch(r"-0\.?0*", text) else text
    return text.replace("-", MINUS)


def _pixel(
    tab: Tab, figure: str, stem: str, site: Path, x: float, panel: int = 0
) -> tuple[float, float]:
    """Where on the screen matplotlib drew `x`, halfway up the figure's `panel` (its
    readout file's map from data to the image, checked against the SVG in
    tests/test_readout.py)."""
    data = json.loads((site / f"{stem}.json").read_text())
    (ax, bx), (_, top, _, bottom) = data["panels"][panel]["x"], data["panels"][panel]["box"]
    image = tab.page.locator(f"#{figure} img").filter(visible=True).first
    image.scroll_into_view_if_needed()
    box = image.bounding_box()
    assert box is not None
    scale = box["width"] / data["box"][0]
    return box["x"] + (ax * x + bx) * scale, box["y"] + (top + bottom) / 2 * scale


def _point_at(tab: Tab, figure: str, stem: str, site: Path, x: float) -> None:
    """Move the mouse over the figure to where matplotlib drew `x`."""
    tab.page.mouse.move(*_pixel(tab, figure, stem, site, x))


def _expect_readout(tab: Tab, figure: str, table: np.ndarray, x: float, x_decimals: int) -> None:
    row = table[int(np.argmin(np.abs(table[:, 0] - x)))]
    expected = [_shown(row[0], x_decimals), *(_shown(v, 4) for v in row[1:])]
    tab.page.wait_for_function(
        """([figure, first]) => {
            const output = document.querySelector(`#${figure} output`);
            return output && output.textContent.includes(first);
        }""",
        arg=[figure, f"= {expected[0]}"],
    )
    assert _readout(tab, figure) == expected


# A lesson figure (float32 grid, one decimal) and an atlas figure (two axes, 0.02 steps),
# each pointed at in five places.
POINTED = [
    ("mlp/", "figure-5", "figures/mlp/sigmoid", (-6.0, -0.5, 0.0, 2.0, 7.9), 1),
    ("en/activations/gelu/", "figure-1", "figures/activations/gelu", (-3, -0.76, 0.5, 1.5, 6.9), 2),
]


@pytest.mark.parametrize(("path", "figure", "stem", "xs", "decimals"), POINTED)
def test_pointing_reads_the_csv_at_the_nearest_grid_point(
    built_site: BuiltSite,
    open_tab: Callable[..., Tab],
    servers: dict[str, Served],
    path: str,
    figure: str,
    stem: str,
    xs: tuple[float, ...],
    decimals: int,
) -> None:
    tab = open_tab(servers["/"])
    tab.open(path)
    table = _table(built_site.site, stem)
    for x in xs:
        _point_at(tab, figure, stem, built_site.site, x)
        _expect_readout(tab, figure, table, x, decimals)
    assert _problems(tab) == [] and tab.external() == []


@pytest.mark.parametrize("path", ["en/exercises/", "activations/elu/", "activations/"])
def test_on_a_screen_narrower_than_a_figure_the_marker_stays_on_it(
    open_tab: Callable[..., Tab], servers: dict[str, Served], path: str
) -> None:
    """Below 320 px a figure scrolls sideways rather than shrink; its layers must cover
    the image exactly, or the marker and the pointer miss the curves."""
    tab = open_tab(servers["/"], viewport={"width": 300, "height": 700})
    tab.open(path)
    tab.page.evaluate(
        "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"
    )
    boxes = tab.page.eval_on_selector_all(
        ".plot-box",
        """(boxes) => boxes.filter((box) => box.getClientRects().length).map((box) => {
            const image = [...box.querySelectorAll("img")].find((i) => i.getClientRects().length);
            const layer = box.querySelector(".plot-layer").getBoundingClientRect();
            const shown = image.getBoundingClientRect();
            return [shown.width, layer.width, shown.height, layer.height];
        })""",
    )
    assert boxes and all(abs(a - b) < 0.5 and abs(c - d) < 0.5 for a, b, c, d in boxes), boxes
    assert all(width >= 320 for width, *_ in boxes)


def test_arrow_keys_move_the_marker_and_change_the_readout(
    built_site: BuiltSite, open_tab: Callable[..., Tab], servers: dict[str, Served]
) -> None:
    tab = open_tab(servers["/"])
    tab.open("en/mlp/")
    table = _table(built_site.site, "figures/mlp/relu")
    _point_at(tab, "figure-3", "figures/mlp/relu", built_site.site, 1.0)
    _expect_readout(tab, "figure-3", table, 1.0, 1)
    layer = _layer(tab, "figure-3")
    layer.focus()
    for _ in range(3):
        layer.press("ArrowRight")
    _expect_readout(tab, "figure-3", table, 1.3, 1)
    layer.press("ArrowLeft")
    _expect_readout(tab, "figure-3", table, 1.2, 1)
    layer.press("End")
    _expect_readout(tab, "figure-3", table, table[-1, 0], 1)
    assert layer.get_attribute("aria-valuetext")
    live = tab.page.locator("#figure-3 output").get_attribute("aria-live")
    assert live == "polite"
    assert _problems(tab) == []


def _select(tab: Tab, name: str, value: str) -> None:
    tab.page.locator(f"form.plot-params select[name={name}]").select_option(value)


# An atlas page's view, as shown: the figure's files, its properties table (the first
# table after the "properties" heading), the parameter list, the code and the controls'
# values. Every part a choice changes is on the page once per version, all but the
# chosen one hidden; with `key`, the version that holds that choice, shown or not.
VIEW_JS = """(key) => {
    const texts = (nodes) => [...nodes].map((node) => node.textContent);
    const holds = (element) => {
        const marked = element.closest("[data-choices]");
        if (!key) {
            return !element.closest("[hidden]");
        }
        return !marked || marked.getAttribute("data-choices").split(" ").includes(key);
    };
    const pick = (selector) => [...document.querySelectorAll(selector)].filter(holds);
    const section = (id) => {
        const found = [];
        for (let node = document.getElementById(id).nextElementSibling;
             node && !/^H2$/.test(node.tagName); node = node.nextElementSibling) {
            found.push(node);
        }
        return found;
    };
    const tables = section("properties").flatMap((node) =>
        node.matches("table") ? [node] : [...node.querySelectorAll("table")]);
    const table = tables.filter(holds)[0];
    const code = section("plot").flatMap((node) => [...node.querySelectorAll("pre code")]);
    return {
        images: pick("#figure-1 img").map((i) => i.getAttribute("src")),
        csv: pick("#figure-1 figcaption a[download]").map((a) => a.getAttribute("href"))[0],
        cells: texts(table.querySelectorAll("tbody td:nth-child(2)")),
        values: texts(section("formula").filter((n) => n.querySelector("li code")).filter(holds)
            .flatMap((n) => [...n.querySelectorAll("li code")])),
        code: code.filter(holds)[0].textContent,
        selects: [...document.querySelectorAll("form.plot-params select")].map((s) => s.value),
    };
}"""


def _view(tab: Tab, key: str = "") -> dict[str, Any]:
    """What the reader sees of an atlas page's parameters (see VIEW_JS); with `key`, what
    the page holds for that choice."""
    return dict(tab.page.evaluate(VIEW_JS, key))


@pytest.mark.parametrize("prefix", ["/", SUB_PATH])
def test_a_parameter_changes_figure_numbers_code_and_address_and_the_address_restores_it(
    built_site: BuiltSite,
    open_tab: Callable[..., Tab],
    servers: dict[str, Served],
    prefix: str,
) -> None:
    tab = open_tab(servers[prefix])
    tab.open("en/activations/hardtanh/")
    before = _view(tab)
    key = "min_val=-2.0&max_val=0.5"
    chosen = _view(tab, key)
    _select(tab, "min_val", "-2.0")
    _select(tab, "max_val", "0.5")
    tab.page.wait_for_function("() => location.search.includes('max_val=0.5')")
    after = _view(tab)
    assert after == {**chosen, "selects": ["-2.0", "0.5"]}
    assert after["cells"] != before["cells"] and len(after["images"]) == 2
    assert after["values"] == ["min_val=-2.0", "max_val=0.5"]
    assert "min_val=-2.0, max_val=0.5" in after["code"]
    # The readout follows: at x = 1 the chosen hardtanh gives 0.5, the default 1.
    stem = after["csv"].removesuffix(".csv").split("figures/", 1)[1]
    table = _table(built_site.site, "figures/" + stem)
    _point_at(tab, "figure-1", "figures/" + stem, built_site.site, 1.0)
    _expect_readout(tab, "figure-1", table, 1.0, 2)
    assert _readout(tab, "figure-1")[1] == "0.5000"
    tab.page.wait_for_function("() => /[?&]x=1(\\.0*)?(&|$)/.test(location.search)")
    # Reload the address, then open it in the other language: the same view.
    address = tab.page.url
    for url in (address, address.replace("/en/activations/", "/activations/")):
        tab.page.goto(url)
        tab.settle()
        view = _view(tab)
        assert view["selects"] == ["-2.0", "0.5"]
        assert _from_root(view["images"]) == _from_root(after["images"])
        assert view["cells"] != before["cells"]
        tab.page.wait_for_function(
            "() => document.querySelector('#figure-1 output').textContent.includes('= 1.00')"
        )
        assert _readout(tab, "figure-1")[:2] == ["1.00", "0.5000"]
    assert _problems(tab) == [] and tab.external() == []


def _from_root(links: list[str]) -> list[str]:
    """Relative links without their leading "../": the same file from any page."""
    return [re.sub(r"^(\.\./)+", "", link) for link in links]


def _problems(tab: Tab) -> list[str]:
    """The tab's problems, but for requests the test's own navigation cut short."""
    return [p for p in tab.problems if "net::ERR_ABORTED" not in p]


def test_the_language_switch_keeps_the_view(
    open_tab: Callable[..., Tab], servers: dict[str, Served]
) -> None:
    tab = open_tab(servers["/"])
    tab.open("activations/elu/?alpha=2.0&x=-1.5#figure-1")
    assert _view(tab)["selects"] == ["2.0"]
    tab.page.locator(".md-select__link[hreflang=en]").dispatch_event("click")
    tab.page.wait_for_url(re.compile(r"/en/activations/elu/\?alpha=2\.0&x=-1\.5#figure-1$"))
    tab.settle()
    assert _view(tab)["selects"] == ["2.0"]
    assert _problems(tab) == []


def test_gelus_approximation_shows_its_own_formulas(
    open_tab: Callable[..., Tab], servers: dict[str, Served]
) -> None:
    tab = open_tab(servers["/"])
    tab.open("en/activations/gelu/")
    shown = """() => [...document.querySelectorAll("math")].filter((m) => !m.closest("[hidden]"))
        .map((m) => [m.textContent.includes("tanh"), m.getBoundingClientRect().height > 0])"""
    assert tab.page.evaluate(shown)[:2] == [[False, True], [False, True]]
    _select(tab, "approximate", "tanh")
    assert tab.page.evaluate(shown)[:2] == [[True, True], [True, True]]
    assert "approximate='tanh'" in _view(tab)["code"]
    assert _problems(tab) == []


@pytest.mark.parametrize(
    ("name", "query", "call"),
    [
        ("prelu", "?weight=0.5", "weight=torch.tensor([0.5], dtype=torch.float64))"),
        ("elu", "?alpha=2", "F.elu(x, alpha=2.0)"),
        ("gelu", "?approximate=tanh", "F.gelu(x, approximate='tanh')"),
    ],
)
def test_an_address_sets_the_code_to_its_choice(
    open_tab: Callable[..., Tab], servers: dict[str, Served], name: str, query: str, call: str
) -> None:
    """Even where Pygments joins the value's last bracket with the call's ("))"), and
    for a number written without its ".0"."""
    tab = open_tab(servers["/"])
    tab.open(f"en/activations/{name}/{query}")
    assert call in _view(tab)["code"]
    assert _problems(tab) == []


def test_every_choice_puts_its_values_into_the_code(
    open_tab: Callable[..., Tab], servers: dict[str, Served]
) -> None:
    """On every page with parameters, each choice's values appear in the code block, as
    the build's code for that choice writes them (tests/test_readout.py runs that code)."""
    tab = open_tab(servers["/"])
    pages = [a.name for a in registry.ACTIVATIONS if len(a.variants()) > 1]
    for name in pages:
        tab.open(f"en/activations/{name}/")
        for variant in registry.by_name(name).variants():
            held = _view(tab, variant.key)
            for part in variant.key.split("&"):
                name_of, value = part.split("=", 1)
                _select(tab, name_of, value)
            shown = _view(tab)
            assert shown["code"] == held["code"], f"{name} with {variant.key}"
            assert shown["images"] == held["images"] and shown["cells"] == held["cells"]
            for chosen in variant.params:
                if chosen.choices:
                    assert f"{chosen.name}={chosen.code}" in shown["code"]
    assert _problems(tab) == []


BROKEN = [
    "?alpha=banana",
    "?alpha=3.0",
    "?alpha=",
    "?x=abc",
    "?x=1e9",
    "?x=NaN",
    "?unknown=1&x=",
    "?compare=nothing",
    "?alpha=" + quote("<img src=x onerror=window.__hit=1>"),
    "?x=" + quote('"><img src=x onerror=window.__hit=1>') + "#figure-1",
]


def _unlike_the_default(
    tab: Tab, path: str, queries: list[str], view: Callable[[Tab], Any]
) -> list[str]:
    """The queries with which `path`, loaded afresh in `tab`, shows another `view` than
    without them, or shows or runs markup from the address."""
    tab.open(path)
    default = view(tab)
    wrong = []
    for query in queries:
        tab.open(path + query)
        if view(tab) != default or tab.page.evaluate("() => window.__hit") is not None:
            wrong.append(query)
        elif tab.page.locator("output img, .plot-params img").count():
            wrong.append(f"{query} (markup from the address shown)")
    return wrong


def test_a_broken_address_shows_the_default_view_without_an_error(
    open_tab: Callable[..., Tab], servers: dict[str, Served]
) -> None:
    tab = open_tab(servers["/"])  # one tab, each address loaded afresh
    assert _unlike_the_default(tab, "en/activations/elu/", BROKEN, _view) == []
    assert _problems(tab) == []


def test_the_overview_draws_the_readers_choice_and_keeps_it_in_the_address(
    open_tab: Callable[..., Tab], servers: dict[str, Served]
) -> None:
    tab = open_tab(servers["/"])
    tab.open("en/activations/")
    compare = tab.page.locator(".compare")
    assert compare.is_visible()
    for name in ("gelu", "silu", "mish"):
        compare.locator(f"input[value={name}]").check()
    compare.locator("input[value=sigmoid]").uncheck()
    compare.locator("input[value=gradient]").check()
    tab.page.wait_for_function("() => location.search.includes('curve=gradient')")
    chosen = ["relu", "tanh", "gelu", "silu", "mish"]
    assert sorted(_compare_list(tab.page.url)) == sorted(chosen)
    paths = tab.page.locator(".compare-plot svg path")
    assert paths.count() >= len(chosen)
    # Each curve keeps its colour and style when another is taken away.
    tab.page.wait_for_function(LEGEND_DRAWN_JS, arg=len(chosen))
    before = _legend(tab)
    compare.locator("input[value=tanh]").uncheck()
    tab.page.wait_for_function("() => !location.search.includes('tanh')")
    tab.page.wait_for_function(LEGEND_DRAWN_JS, arg=len(chosen) - 1)
    assert _legend(tab) == {name: style for name, style in before.items() if name.lower() != "tanh"}
    compare.locator("input[value=tanh]").check()
    tab.page.wait_for_function("() => location.search.includes('tanh')")
    tab.page.goto(tab.page.url.replace("/en/activations/", "/activations/"))
    tab.settle()
    checked = tab.page.eval_on_selector_all(
        ".compare input[name=compare]:checked", "(inputs) => inputs.map((i) => i.value)"
    )
    assert sorted(checked) == sorted(chosen)
    assert tab.page.locator(".compare input[value=gradient]").is_checked()
    tab.page.locator(".compare-plot [role=slider]").focus()
    tab.page.keyboard.press("ArrowRight")
    readout = tab.page.locator(".compare-plot output")
    readout.filter(has_text="=").wait_for()
    text = readout.text_content() or ""
    assert text.startswith("x = ") and all(f"{t} = " in text for t in ("ReLU", "tanh", "Mish"))
    assert _problems(tab) == [] and tab.external() == []


# The comparison's legend has `count` entries, each with its swatch styled.
LEGEND_DRAWN_JS = """(count) => {
    const items = [...document.querySelectorAll(".compare-legend li")];
    return items.length === count && items.every(
        (li) => getComputedStyle(li.querySelector(".plot-swatch")).borderTopStyle !== "");
}"""


def _legend(tab: Tab) -> dict[str, str]:
    """The comparison's legend: each title's swatch colour and line style."""
    return dict(
        tab.page.eval_on_selector_all(
            ".compare-legend li",
            """(items) => items.map((li) => {
                const swatch = getComputedStyle(li.querySelector(".plot-swatch"));
                return [li.textContent.trim(), swatch.color + " " + swatch.borderTopStyle];
            })""",
        )
    )


def _compare_list(url: str) -> list[str]:
    found = re.search(r"compare=([^&#]*)", url)
    assert found, url
    return found[1].replace("%2C", ",").split(",")


@pytest.mark.parametrize(
    "path", ["mlp/", "en/activations/elu/", "activations/", "en/exercises/", "en/training/"]
)
def test_without_scripts_every_figure_is_still_shown(
    open_tab: Callable[..., Tab], servers: dict[str, Served], path: str
) -> None:
    tab = open_tab(servers["/"], java_script_enabled=False)
    tab.open(path)
    figures = tab.page.eval_on_selector_all(
        "figure.plot[data-figure]",
        """(figures) => figures.map((f) => [...f.querySelectorAll("img")].some(
            (i) => i.complete && i.naturalWidth > 0 && i.getClientRects().length > 0))""",
    )
    assert figures and all(figures)
    assert tab.page.locator("form.plot-params, .compare").filter(visible=True).count() == 0
    assert tab.page.locator("figure.plot [role=slider]").count() == 0


def test_a_phone_reads_a_figure_by_touch(
    built_site: BuiltSite, open_tab: Callable[..., Tab], servers: dict[str, Served]
) -> None:
    tab = open_tab(
        servers[SUB_PATH], viewport=PHONE, has_touch=True, is_mobile=True, color_scheme="dark"
    )
    tab.open("activations/gelu/")
    stem = "figures/activations/gelu"
    image = tab.page.locator("#figure-1 img").filter(visible=True).first
    assert (image.get_attribute("src") or "").endswith("-dark.svg#only-dark")
    x = -0.76  # GELU's own dip, to -0.17, where its gradient crosses 0
    tab.page.touchscreen.tap(*_pixel(tab, "figure-1", stem, built_site.site, x, panel=1))
    table = _table(built_site.site, stem)
    row = table[int(np.argmin(np.abs(table[:, 0] - x)))]
    tab.page.wait_for_function(
        "() => /= /.test(document.querySelector('#figure-1 output').textContent)"
    )
    shown = _readout(tab, "figure-1")
    # A tap lands within a pixel of its aim: on a phone a pixel spans about 0.05 in x.
    assert abs(float(shown[0].replace(MINUS, "-")) - x) <= 0.06
    near = table[np.abs(table[:, 0] - float(shown[0].replace(MINUS, "-"))) < 1e-9][0]
    assert shown == [_shown(near[0], 2), *(_shown(v, 4) for v in near[1:])]
    assert abs(near[2] - row[2]) < 0.01  # the gradient's dip, read by touch
    width = tab.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    assert _problems(tab) == [] and tab.external() == []


# --- The trained networks' page ---------------------------------------------------------

TRAINING_JS = """() => ({
    selects: [...document.querySelectorAll("form.train-params select")].map((s) => s.value),
    images: ["figure-1", "figure-2"].map((id) => [...document.querySelectorAll(`#${id} img`)]
        .filter((i) => i.getClientRects().length).map((i) => [i.getAttribute("src"), i.alt])),
    csv: [...document.querySelectorAll("#figure-1 figcaption a[download]")]
        .map((a) => a.getAttribute("href")),
})"""


def _training(tab: Tab) -> dict[str, Any]:
    return dict(tab.page.evaluate(TRAINING_JS))


def _choose(tab: Tab, activation: str, width: str, target: str) -> None:
    for name, value in (("activation", activation), ("width", width), ("target", target)):
        tab.page.locator(f"form.train-params select[name={name}]").select_option(value)
    tab.page.wait_for_function(
        "(wanted) => location.search.includes(wanted)",
        arg=f"activation={activation}&width={width}&target={target}",
    )


def test_a_chosen_network_is_drawn_read_out_and_restored_from_the_address(
    built_site: BuiltSite, open_tab: Callable[..., Tab], servers: dict[str, Served]
) -> None:
    tab = open_tab(servers["/"])
    tab.open("en/training/")
    default = _training(tab)
    _choose(tab, "sigmoid", "64", "step")
    tab.page.wait_for_function(
        "() => document.querySelector('#figure-1 figcaption a[download]')"
        ".getAttribute('href').includes('sigmoid-64-step')"
    )
    chosen = _training(tab)
    fit_alt, loss_alt = chosen["images"][0][0][1], chosen["images"][1][0][1]
    assert "64 hidden units" in fit_alt and "sigmoid" in fit_alt and "step" in fit_alt
    assert "64 hidden units" in loss_alt and chosen["images"] != default["images"]
    # The readout reads the choice's own CSV, its target and output (not the shares).
    stem = "figures/training/sigmoid-64-step-fit"
    table = _table(built_site.site, stem)[:, :3]
    for x in (-0.5, 0.02, 0.5):
        _point_at(tab, "figure-1", "figures/training/frame-fit-step", built_site.site, x)
        _expect_readout(tab, "figure-1", table, x, 2)
    # The address restores the choice, in this language and in the other.
    address = tab.page.url
    for url in (address, address.replace("/en/training/", "/training/")):
        tab.page.goto(url)
        tab.settle()
        tab.page.wait_for_function(
            "() => document.querySelector('#figure-1 figcaption a[download]')"
            ".getAttribute('href').includes('sigmoid-64-step')"
        )
        restored = _training(tab)
        assert restored["selects"] == ["sigmoid", "64", "step"]
        assert _from_root([src for src, _ in restored["images"][0]]) == _from_root(
            [src for src, _ in chosen["images"][0]]
        )
    assert "64 个隐藏单元" in restored["images"][0][0][1]
    assert _problems(tab) == [] and tab.external() == []


def test_a_network_with_few_units_shows_their_shares_but_reads_out_the_fit(
    built_site: BuiltSite, open_tab: Callable[..., Tab], servers: dict[str, Served]
) -> None:
    tab = open_tab(servers["/"])
    tab.open("en/training/")
    _choose(tab, "none", "2", "sine")
    tab.page.wait_for_function(
        "() => document.querySelector('#figure-1 figcaption a[download]')"
        ".getAttribute('href').includes('none-2-sine')"
    )
    header = (built_site.site / "figures/training/none-2-sine-fit.csv").read_text().split()[0]
    assert header.split(",") == ["x", "target", "network", "unit_1", "unit_2"]
    paths = tab.page.locator("#figure-1 svg path").count()
    assert paths >= 4  # the target, the network and both shares
    table = _table(built_site.site, "figures/training/none-2-sine-fit")[:, :3]
    _point_at(tab, "figure-1", "figures/training/frame-fit-sine", built_site.site, 0.3)
    _expect_readout(tab, "figure-1", table, 0.3, 2)
    assert _problems(tab) == []


TRAINING_BROKEN = [
    "?activation=banana",
    "?width=3",
    "?target=",
    "?activation=relu&width=64&target=moon",
    "?x=abc",
    "?width=" + quote("<img src=x onerror=window.__hit=1>"),
]


def test_a_broken_training_address_shows_the_default_network(
    open_tab: Callable[..., Tab], servers: dict[str, Served]
) -> None:
    tab = open_tab(servers["/"])  # one tab, each address loaded afresh
    assert _unlike_the_default(tab, "en/training/", TRAINING_BROKEN, _training) == []
    assert _problems(tab) == []
