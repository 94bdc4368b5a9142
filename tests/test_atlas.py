"""The atlas: one page per activation in both languages, checked gradients, properties."""

import dataclasses

import numpy as np
import pytest
import torch

from generator import compute, exercises, registry
from generator.errors import BuildFailed
from tests.conftest import BuiltSite
from tests.htmlscan import resolve, scan

NAMES = [a.name for a in registry.ACTIVATIONS]
REQUIRED = {
    "relu", "leaky_relu", "prelu", "rrelu", "elu", "selu", "celu", "gelu", "gelu_tanh",
    "silu", "mish", "softplus", "softsign", "hardtanh", "relu6", "hardsigmoid", "hardswish",
    "sigmoid", "logsigmoid", "tanh", "tanhshrink", "softshrink", "hardshrink", "threshold",
}  # fmt: skip


def test_every_elementwise_activation_is_in_the_registry() -> None:
    assert set(NAMES) >= REQUIRED


def _trace(name: str) -> compute.Trace:
    return compute.traces([registry.by_name(name)], registry.ATLAS_GRID)[0]


def test_grid_is_exact_and_holds_zero_and_the_corners() -> None:
    x = compute.points(registry.ATLAS_GRID).numpy()
    assert len(x) == registry.ATLAS_GRID.count == 701
    assert (x[0], x[-1]) == (-7.0, 7.0)
    for corner in (0.0, 0.5, -1.0, 3.0, 6.0):
        assert corner in x


def _elu_ignoring_alpha() -> registry.Activation:
    """ELU with a derivative that forgets its parameter: right for alpha=1 only."""
    elu = registry.by_name("elu")
    return dataclasses.replace(elu, derivative=lambda x, alpha: elu.derivative(x, alpha=1.0))


def test_a_wrong_derivative_fails_naming_the_activation() -> None:
    wrong = _elu_ignoring_alpha().choosing([2.0])
    with pytest.raises(BuildFailed, match=r"'elu' with alpha=2.0.*differs from the analytic"):
        compute.traces([wrong], registry.ATLAS_GRID)


def test_every_choice_of_every_parameter_passes_the_checks() -> None:
    """Each value a page offers is computed and checked like the default; a derivative
    that ignores its parameter is caught at the choices, not at the default."""
    choices = [v for a in registry.ACTIVATIONS for v in a.variants()]
    assert len(choices) > len(registry.ACTIVATIONS)
    compute.traces(choices, registry.ATLAS_GRID)
    compute.traces([_elu_ignoring_alpha()], registry.ATLAS_GRID)  # the default passes
    with pytest.raises(BuildFailed) as failure:
        compute.traces(_elu_ignoring_alpha().variants(), registry.ATLAS_GRID)
    assert len(failure.value.problems) == 3  # alpha = 0.5, 1.5 and 2.0


class _DoubledBackward(registry.Activation):
    """The identity, with a backward pass that doubles the gradient (and a registry
    derivative that agrees with the wrong backward pass, so only gradcheck can tell)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        class Doubled(torch.autograd.Function):
            @staticmethod
            def forward(ctx: object, t: torch.Tensor) -> torch.Tensor:
                return t * 1.0

            @staticmethod
            def backward(ctx: object, g: torch.Tensor) -> torch.Tensor:
                return 2 * g

        return Doubled.apply(x)  # type: ignore[no-any-return, unused-ignore]


def test_gradcheck_flags_a_wrong_backward_pass() -> None:
    relu = registry.by_name("relu")
    fields = {f.name: getattr(relu, f.name) for f in dataclasses.fields(relu)}
    spec = _DoubledBackward(**{**fields, "name": "doubled", "derivative": lambda x: 2 + 0 * x})
    with pytest.raises(BuildFailed, match=r"'doubled'.*gradcheck"):
        compute.traces([spec], registry.ATLAS_GRID)


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("name", NAMES)
def test_each_activation_has_a_page_with_one_figure_and_its_numbers(
    built_site: BuiltSite, prefix: str, name: str
) -> None:
    url = f"{prefix}activations/{name}/"
    html = built_site.page(url)
    page = scan(html)
    assert page.lang == ("en" if prefix else "zh")
    assert page.maths >= 2
    shown = [i for i in page.images if ".svg" in i["src"] and "hidden" not in i]
    svgs = [resolve(url, i["src"]) for i in shown]
    assert svgs == [f"figures/activations/{name}.svg", f"figures/activations/{name}-dark.svg"]
    csv = [
        resolve(url, a["href"])
        for a in page.links
        if a.get("href", "").endswith(".csv") and "hidden" not in a
    ]
    lines = (built_site.site / csv[0]).read_text().splitlines()
    assert lines[0] == f"x,{name},grad_{name}"
    table = np.array([line.split(",") for line in lines[1:]], dtype=np.float64)
    trace = _trace(name)
    assert np.array_equal(table[:, 1], trace.y) and np.array_equal(table[:, 2], trace.grad)


@pytest.mark.parametrize("url", ["activations/", "en/activations/"])
def test_overview_compares_groups_and_sorts_every_activation(
    built_site: BuiltSite, url: str
) -> None:
    html = built_site.page(url)
    page = scan(html)
    light = [i for i in page.images if i["src"].endswith(".svg#only-light")]
    assert len(light) == len(registry.COMPARISONS)
    for comparison, img in zip(registry.COMPARISONS, light, strict=True):
        svg = (built_site.site / resolve(url, img["src"])).read_text()
        assert all(f">{name}</text>" in svg for name in comparison.members)
    links = {resolve(url, a["href"]) for a in page.links}
    for name in NAMES:
        assert f"{url}{name}" in links, f"the overview does not link to {name}"
    assert '<div class="sortable">' in html
    script = "assets/javascripts/sortable-tables.js"
    assert script in html and (built_site.site / script).is_file()


@pytest.mark.parametrize("url", ["", "en/"])
def test_home_page_links_to_the_atlas(built_site: BuiltSite, url: str) -> None:
    links = {resolve(url, a["href"]) for a in scan(built_site.page(url)).links}
    assert f"{url}activations" in links


@pytest.mark.parametrize("url", ["exercises/", "en/exercises/"])
def test_exercises_are_answered_with_a_figure_each(built_site: BuiltSite, url: str) -> None:
    page = scan(built_site.page(url))
    light = [i for i in page.images if i["src"].endswith(".svg#only-light")]
    drawn = list((built_site.site / "figures" / "exercises").glob("*-dark.svg"))
    # Each edition's exercises: the English edition's eight (5.1 and 5.2 apart), of which
    # the Chinese edition has four; its page answers the English edition's others too.
    assert len(light) == len(drawn) == len(exercises.EXERCISES_EN) == 8
    assert page.maths >= 6
    for img in light:
        assert (built_site.site / resolve(url, img["src"])).is_file()


@pytest.mark.parametrize("name", NAMES)
def test_atlas_page_code_reproduces_its_csv(
    built_site: BuiltSite, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Run the page's code block with a d2l.plot that records: the function on the upper
    axes, its gradient on the lower one, with the legend's labels; and the CSV's numbers."""
    import re
    import sys
    import types

    calls: list[tuple[object, object, tuple[object, ...], dict[str, object]]] = []

    def plot(x: object, y: object, *args: object, **kwargs: object) -> None:
        calls.append((x, y, args, kwargs))

    def subplots(rows: int, columns: int, **kwargs: object) -> tuple[None, list[str]]:
        assert (rows, columns, kwargs["sharex"]) == (2, 1, True)
        return None, ["upper", "lower"]

    plt = types.SimpleNamespace(subplots=subplots, show=lambda: None)
    d2l = types.ModuleType("d2l")
    d2l.torch = types.SimpleNamespace(plot=plot, plt=plt)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "d2l", d2l)
    markdown = built_site.markdown("en", f"activations/{name}/index.md")
    code = re.findall(r"^```python\n(.*?)^```$", markdown, re.S | re.M)[0]  # the default's
    exec(compile(code, f"<atlas page {name}>", "exec"), {})
    (x, y, _, upper), (x_again, grad, labels, lower) = calls
    assert np.array_equal(x_again.numpy(), x.numpy())  # type: ignore[attr-defined]
    lines = (built_site.site / f"figures/activations/{name}.csv").read_text().splitlines()
    table = np.array([line.split(",") for line in lines[1:]], dtype=np.float64)
    for column, values in enumerate((x, y, grad)):
        assert np.array_equal(table[:, column], values.detach().numpy())  # type: ignore[attr-defined]
    function, gradient = registry.by_name(name).legend
    assert (upper["axes"], upper["ylabel"]) == ("upper", function)
    assert (lower["axes"], labels) == ("lower", ("x", gradient))


def test_every_faulty_activation_is_reported_at_once() -> None:
    wrong_elu = _elu_ignoring_alpha().choosing([2.0])
    wrong_tanh = dataclasses.replace(registry.by_name("tanh"), derivative=lambda x: 1 + 0 * x)
    with pytest.raises(BuildFailed) as failure:
        compute.traces([wrong_elu, registry.by_name("relu"), wrong_tanh], registry.ATLAS_GRID)
    assert [p.where for p in failure.value.problems] == [
        f"generator/registry.py:{registry.entry_line('elu')}: activation 'elu' with alpha=2.0",
        f"generator/registry.py:{registry.entry_line('tanh')}: activation 'tanh'",
    ]
