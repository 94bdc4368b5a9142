"""Numbers and formulas as a reader sees them: the one place that formats them.

Every number on a page is written by one of these functions, with a real minus sign;
formulas become MathML here, at build time, so the browser needs no script for them.
Nothing here knows a language: words come from the prose files (see generator/view.py).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from latex2mathml.converter import convert as latex_to_mathml

MINUS = "\N{MINUS SIGN}"
_TIMES = "\N{MULTIPLICATION SIGN}"
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def minus(text: str) -> str:
    """`text` with every hyphen-minus written as a minus sign (U+2212)."""
    return text.replace("-", MINUS)


def fixed(value: float, digits: int = 1) -> str:
    """`value` with `digits` decimals, never '-0.0' (a hyphen-minus: see `minus`)."""
    text = f"{value:.{digits}f}"
    return text[1:] if re.fullmatch(r"-0\.?0*", text) else text


def at_most(value: float, digits: int = 2, places: bool = False) -> float:
    """`value` rounded up to `digits` significant digits (decimal places if `places`): a
    bound the page states stays a bound, as "at most 5.1 × 10⁻⁶" of 5.033 × 10⁻⁶."""  # noqa: RUF002
    return _rounded(value, digits, places, ROUND_CEILING)


def at_least(value: float, digits: int = 2, places: bool = False) -> float:
    """`value` rounded down, as `at_most` rounds up: "at least 0.035" of 0.0359."""
    return _rounded(value, digits, places, ROUND_FLOOR)


def _rounded(value: float, digits: int, places: bool, direction: str) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    exponent = -digits if places else math.floor(math.log10(abs(value))) - digits + 1
    quantum = Decimal(1).scaleb(exponent)
    return float((Decimal(value) / quantum).to_integral_value(direction) * quantum)


def short(value: float, digits: int = 4) -> str:
    """`value` rounded to `digits` decimals, without trailing zeros: 0.25, 1, -8,
    16.635533 (every decimal kept, however many digits before the point)."""
    text = f"{round(value, digits) + 0.0:.{digits}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def sci(value: float, digits: int = 2) -> str:
    """`value` to `digits` significant digits, as a reader writes it: '0.25', '0',
    '5.6 × 10⁻¹⁶', '−3.1 × 10⁻⁹' (a real minus; powers of ten below 10⁻³ or from 10⁴).
    A rounded value keeps its trailing zeros, so that it shows its precision (0.32958 is
    '0.330', like 0.541 beside it); an exact one drops them (0.25, not '0.250'). A value
    near a whole number it does not equal keeps enough digits to show it: 0.9996 is
    '0.9996', not '1'."""  # noqa: RUF002
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    power = int(exponent)
    if -3 <= power < 4:
        text = f"{value:.{digits}g}"
        if float(text) != value and float(text).is_integer() and digits < 15:
            return sci(value, digits + 1)  # never round onto a whole number not reached
        if float(text) != value:
            text = f"{value:#.{digits}g}".rstrip(".")
    else:
        if float(f"{mantissa}e{exponent}") == value:
            mantissa = mantissa.rstrip("0").rstrip(".")
        text = f"{mantissa} {_TIMES} 10"
        text += str(power).translate(_SUPERSCRIPT)
    return MINUS + text[1:] if text.startswith("-") else text


def number(value: float, digits: int = 4) -> str:
    """A number as the tables print it: `digits` decimals at most, a real minus sign.

    A value that the rounding changes beyond single precision keeps its trailing zeros,
    so that a column shows its precision evenly (1.1290 beside 1.1289, not 1.129); one
    that it leaves alone drops them (0.25, and the lesson's float32 7.9). A value that
    would round onto a whole number it is not (tanh's 0.9999983, a limit it approaches
    on the grid; GELU's 6.999999999991 at the grid's edge) keeps as many more decimals as
    it needs to stay off it, up to 8 more, and beyond that is written in full
    (6.999999999999997). A value that rounds to 0 is 0: rounding noise around a zero mean.
    """
    text = short(value, digits)
    if abs(float(text) - value) > 1e-7 * max(1.0, abs(value)) and float(text) != 0:
        text = fixed(value, digits)
    whole = round(value, 0)
    if float(text) != value and float(text) == whole and whole != 0:
        shown = digits
        while float(text) == whole and shown < digits + 8:
            shown += 1
            text = fixed(value, shown)
        if float(text) == whole:
            text = str(value)
    return minus(text)


def mathml(latex: str) -> str:
    """TeX to inline MathML, at build time: the browser renders it without scripts. Left
    out of the search index, where its MathML would read as a run of symbols."""
    return _tidy_mathml(latex_to_mathml(latex).replace("<math ", "<math data-search-exclude ", 1))


def mathml_block(latex: str) -> str:
    """TeX to display MathML, as its own block of the Markdown page. A chain of equalities
    (two or more "=" outside any group) is set one step a line, aligned at the "=", so it
    fits a phone's width. The formula is left out of the search index: its MathML reads
    there as a run of symbols."""
    tex = latex.strip()
    lines = _aligned(tex)
    markup = latex_to_mathml(lines, display="block")
    if lines != tex:
        markup = markup.replace("<mtable>", '<mtable class="aligned">', 1)
    return _tidy_mathml(markup.replace("<math ", "<math data-search-exclude ", 1))


_TEX_GROUP = re.compile(r"\\(?:left|right|begin|end)\b|\\.|[{}=]")


def _aligned(latex: str) -> str:
    """A chain `a = b = c` as `a = b`, `= c` on lines aligned at the "=" (latex2mathml
    renders an `array`, not `aligned`); anything else unchanged, such as equations set
    side by side with `\\quad` (`f = g,\\quad u = v`)."""
    depth, cuts = 0, []
    for found in _TEX_GROUP.finditer(latex):
        token = found.group()
        if token in ("{", "\\left", "\\begin"):
            depth += 1
        elif token in ("}", "\\right", "\\end"):
            depth -= 1
        elif token == "=" and depth == 0:
            cuts.append(found.start())
    if len(cuts) < 2 or "&" in latex or r"\quad" in latex:
        return latex  # one equality; already aligned; or several equations side by side
    ends = [*cuts[1:], len(latex)]
    steps = [latex[start + 1 : end].strip() for start, end in zip(cuts, ends, strict=True)]
    lines = [f"{latex[: cuts[0]].strip()} & {{}} = {steps[0]}"]
    lines += [f"& {{}} = {step}" for step in steps[1:]]
    return r"\begin{array}{rl} " + r" \\ ".join(lines) + r" \end{array}"


_NAMED_OPERATOR = re.compile(r"<mo>([A-Za-z]+)</mo>")
_SIGN_AFTER_OPENING = re.compile(r"(<mo[^>]*>&#x00028;</mo>|<mo>&#x0003D;</mo>)<mo>&#x02212;</mo>")


def _tidy_mathml(markup: str) -> str:
    """Two fixes to latex2mathml's output, so browsers space formulas as TeX would.

    Named functions (`\\operatorname{ReLU}`, `\\max`) come out as operators, which get an
    operator's spacing: 'ReLU (x)'. They are identifiers. And a minus right after an
    opening parenthesis or '=' is a sign, not a subtraction.
    """
    markup = _NAMED_OPERATOR.sub(r"<mi>\1</mi>", markup)
    return _SIGN_AFTER_OPENING.sub(r'\1<mo form="prefix">&#x02212;</mo>', markup)


# Chinese, Japanese and Korean characters, with their full-width punctuation.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t]*\\n?[ \\t]*(?=[{_CJK}])")


def join_cjk_lines(text: str) -> str:
    """Remove line breaks and spaces between two CJK characters.

    Translators wrap long lines in the prose files; in English a line break reads as a
    space, but browsers also render it as a space between Chinese characters, where
    none belongs.
    """
    return _CJK_BREAK.sub("", text)


def relative(site_path: str, page_url: str) -> str:
    """A site-root path as seen from the page at `page_url` ('en/mlp/'): '../../x'."""
    return "../" * page_url.count("/") + site_path
