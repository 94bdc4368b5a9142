# ruff: noqa: RUF001 -- the typography under test
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import formatting


def test_mathml_is_rendered_at_build_time_with_named_functions_as_identifiers() -> None:
    markup = formatting.mathml_block(r"\operatorname{ReLU}(x) = \max(x, 0)")
    assert markup.startswith("<math") and 'display="block"' in markup
    assert "<mi>ReLU</mi>" in markup and "<mi>max</mi>" in markup
    assert "<mo>ReLU</mo>" not in markup


def test_a_minus_after_a_parenthesis_is_a_sign() -> None:
    assert '<mo form="prefix">&#x02212;</mo>' in formatting.mathml(r"\exp(-x)")


@pytest.mark.parametrize(
    ("value", "digits", "text"), [(-8.0, 1, "-8.0"), (7.8999996, 1, "7.9"), (-1e-9, 2, "0.00")]
)
def test_fixed(value: float, digits: int, text: str) -> None:
    assert formatting.fixed(value, digits) == text


@pytest.mark.parametrize(
    ("value", "text"), [(0.25, "0.25"), (1.0, "1"), (4.4e-16, "0"), (-1e-9, "0")]
)
def test_short(value: float, text: str) -> None:
    assert formatting.short(value) == text


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
    assert formatting.sci(value) == text


def test_relative_paths_climb_to_the_site_root() -> None:
    assert formatting.relative("figures/a.svg", "en/mlp/") == "../../figures/a.svg"
    assert formatting.relative("figures/a.svg", "") == "figures/a.svg"


def test_line_breaks_between_chinese_characters_are_removed() -> None:
    assert formatting.join_cjk_lines("性质直观\u3002\n  在各类任务") == "性质直观\u3002在各类任务"
    assert formatting.join_cjk_lines("使用 PyTorch 计算") == "使用 PyTorch 计算"
    assert formatting.join_cjk_lines("第一段。\n\n第二段") == "第一段。\n\n第二段"


def test_a_chain_of_equalities_is_set_one_step_a_line_and_side_by_side_ones_are_not() -> None:
    chain = formatting.mathml_block(r"a = b + c = d")
    assert '<mtable class="aligned">' in chain and chain.count("<mtr>") == 2
    side_by_side = formatting.mathml_block(r"f(x) = g(u),\quad u = 2x")
    assert "<mtable" not in side_by_side
    assert "data-search-exclude" in chain and "data-search-exclude" in side_by_side


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (0.25, 4, "0.25"),  # exact: no trailing zeros
        (1.1289859, 4, "1.1290"),  # rounded: the column's precision shows
        (-0.9999983, 4, "−0.999998"),  # never rounded onto a whole number it is not
        (6.999999999999997, 4, "6.999999999999997"),  # beyond eight more decimals: in full
        (4.4e-16, 4, "0"),  # rounding noise around a zero
        (7.9000001, 1, "7.9"),  # the lesson's float32 grid point
        (-0.5, 3, "−0.5"),  # a real minus sign
    ],
)
def test_number_shows_its_precision_and_never_a_whole_number_not_reached(
    value: float, digits: int, text: str
) -> None:
    assert formatting.number(value, digits) == text


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda v: abs(v) > 1e-12),
    st.integers(min_value=1, max_value=4),
)
def test_a_stated_bound_stays_a_bound(value: float, digits: int) -> None:
    """ "At most" rounds up and "at least" down, by less than one unit of the last digit
    shown; as the page writes them (`sci`), they read back as those bounds."""
    high, low = formatting.at_most(value, digits), formatting.at_least(value, digits)
    assert low <= value <= high
    unit = 10.0 ** (math.floor(math.log10(abs(value))) - digits + 1)
    assert high - low <= unit * (1 + 1e-9)
    for bound in (high, low):
        shown = formatting.sci(bound, digits + 1).replace(formatting.MINUS, "-")
        if "×" not in shown:
            assert float(shown) == pytest.approx(bound, rel=1e-12)


def test_bounds_in_decimal_places() -> None:
    assert formatting.short(formatting.at_least(12.343, 1, places=True), 1) == "12.3"
    assert formatting.short(formatting.at_most(0.8253, 2, places=True), 2) == "0.83"
    assert formatting.sci(formatting.at_most(5.033e-6)) == "5.1 × 10⁻⁶"
    assert formatting.sci(formatting.at_least(0.03588)) == "0.035"
