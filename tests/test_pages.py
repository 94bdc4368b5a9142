# ruff: noqa: RUF001 -- the typography under test
import jinja2
import pytest

from generator import pages
from generator.errors import BuildFailed


def test_mathml_is_rendered_at_build_time_with_named_functions_as_identifiers() -> None:
    markup = pages.mathml_block(r"\operatorname{ReLU}(x) = \max(x, 0)")
    assert markup.startswith("<math") and 'display="block"' in markup
    assert "<mi>ReLU</mi>" in markup and "<mi>max</mi>" in markup
    assert "<mo>ReLU</mo>" not in markup


def test_a_minus_after_a_parenthesis_is_a_sign() -> None:
    assert '<mo form="prefix">&#x02212;</mo>' in pages.mathml(r"\exp(-x)")


@pytest.mark.parametrize(
    ("value", "digits", "text"), [(-8.0, 1, "-8.0"), (7.8999996, 1, "7.9"), (-1e-9, 2, "0.00")]
)
def test_fixed(value: float, digits: int, text: str) -> None:
    assert pages.fixed(value, digits) == text


@pytest.mark.parametrize(
    ("value", "text"), [(0.25, "0.25"), (1.0, "1"), (4.4e-16, "0"), (-1e-9, "0")]
)
def test_short(value: float, text: str) -> None:
    assert pages.short(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5.55e-16, "5.6 × 10⁻¹⁶"),
        (-3.1e-9, "−3.1 × 10⁻⁹"),
        (0.25, "0.25"),
        (0.0, "0"),
        (1.0, "1"),
        (0.9996, "0.9996"),  # not rounded onto 1, which it does not reach
        (12345.6, "1.2 × 10⁴"),
    ],
)
def test_sci_writes_powers_of_ten_and_never_rounds_onto_a_whole_number(
    value: float, text: str
) -> None:
    assert pages.sci(value) == text


def test_relative_paths_climb_to_the_site_root() -> None:
    assert pages.relative("figures/a.svg", "en/mlp/") == "../../figures/a.svg"
    assert pages.relative("figures/a.svg", "") == "figures/a.svg"


def test_line_breaks_between_chinese_characters_are_removed() -> None:
    assert pages.join_cjk_lines("性质直观\u3002\n  在各类任务") == "性质直观\u3002在各类任务"
    assert pages.join_cjk_lines("使用 PyTorch 计算") == "使用 PyTorch 计算"
    assert pages.join_cjk_lines("第一段。\n\n第二段") == "第一段。\n\n第二段"


def _environment(template: str) -> jinja2.Environment:
    environment = pages.make_environment()
    environment.loader = jinja2.DictLoader({"page.md.j2": template})
    return environment


def test_prose_is_rendered_with_the_data() -> None:
    environment = _environment("{{ prose.count }}")
    prose = pages.ProseTable("docs/xx/page.yml", {"count": "{{ n }} values"})
    text = pages.render_page(environment, "page.md.j2", {"n": 160}, {"prose": prose})
    assert text == "160 values"


def test_every_missing_key_is_reported_with_its_file() -> None:
    environment = _environment("{{ prose.a }} {{ prose.b }} {{ prose.c }}")
    prose = pages.ProseTable("docs/xx/page.yml", {"b": "here"})
    assert pages.render_page(environment, "page.md.j2", {}, {"prose": prose}) == " here "
    assert [str(p) for p in prose.render_problems()] == [
        "docs/xx/page.yml: key 'a': missing; add this key's text",
        "docs/xx/page.yml: key 'c': missing; add this key's text",
    ]


def test_a_template_fault_names_the_template_line() -> None:
    environment = _environment("line one\n{{ nothing_here }}")
    with pytest.raises(BuildFailed) as failure:
        pages.render_page(environment, "page.md.j2", {}, {})
    assert str(failure.value).startswith("generator/templates/page.md.j2:2: undefined name")


def test_unused_keys_are_reported() -> None:
    environment = _environment("{{ prose.a }}")
    prose = pages.ProseTable("docs/xx/page.yml", {"a": "1", "stale": "2"})
    pages.render_page(environment, "page.md.j2", {}, {"prose": prose})
    assert [p.where for p in prose.unused_problems()] == ["docs/xx/page.yml: key 'stale'"]


def test_a_chain_of_equalities_is_set_one_step_a_line_and_side_by_side_ones_are_not() -> None:
    chain = pages.mathml_block(r"a = b + c = d")
    assert '<mtable class="aligned">' in chain and chain.count("<mtr>") == 2
    side_by_side = pages.mathml_block(r"f(x) = g(u),\quad u = 2x")
    assert "<mtable" not in side_by_side
    assert "data-search-exclude" in chain and "data-search-exclude" in side_by_side
