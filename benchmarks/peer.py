# ruff: noqa: RUF001 -- the Chinese prose uses full-width punctuation, as Chinese text does
"""The peer: the lesson as one Jupyter notebook per language, built by mkdocs-jupyter.

`ensure_venv` installs the peer's pinned packages into a venv of its own, once;
`write_project` lays out a folder with, per language, an mkdocs.yml (Material,
`theme.font: false`, mkdocs-jupyter with `execute: true`), a home page and the lesson
notebook: its markdown cells carry short prose, its first code cell imports torch and
the lesson page's stand-in for `d2l.plot` (the d2l package is not installed), and the code
cells after it are the lesson's own, as the project's English page shows them: the fit of
a small network and the collapse of two linear layers, then the six of the activations.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbformat import v4

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "peer-requirements.txt"
VENV = HERE / ".peer-venv"
STAMP_NAME = ".bench-installed"  # holds the hash of the requirements it was installed from

LANGUAGES = ("zh", "en")  # zh at the site root, en under /en/, as in the project
DEFAULT_START = "-8.0"  # the lesson's torch.arange(-8.0, 8.0, 0.1)


def venv_bin(name: str) -> Path:
    return VENV / "bin" / name


def ensure_venv() -> None:
    """Create benchmarks/.peer-venv and install the pins, unless that was done already."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = VENV / STAMP_NAME
    if stamp.is_file() and stamp.read_text().strip() == digest:
        return
    print(f"peer: installing {REQUIREMENTS.name} into {VENV.relative_to(HERE.parent)} (once)")
    if not venv_bin("python").exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    pip = [str(venv_bin("python")), "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "install", "-q", "-r", str(REQUIREMENTS)], check=True)
    stamp.write_text(digest + "\n")


@dataclass(frozen=True)
class Prose:
    """One language's short prose around the lesson's code cells."""

    site_name: str
    home_title: str
    home_text: str
    title: str
    intro: str
    setup: str
    fit: str
    collapse: str
    relu: str
    relu_grad: str
    sigmoid: str
    sigmoid_grad: str
    tanh: str
    tanh_grad: str


PROSE = {
    "zh": Prose(
        site_name="激活函数",
        home_title="激活函数：计算与图解",
        home_text="本站介绍三种最经典的激活函数：ReLU、sigmoid 和 tanh。",
        title="多层感知机：激活函数",
        intro=(
            "激活函数把隐藏单元的加权和变成该单元的输出。"
            "本页用 PyTorch 的前向传播画出 ReLU、sigmoid 和 tanh，再用反向传播画出它们的梯度。"
        ),
        setup=(
            "本页用 PyTorch 计算；没有安装 `d2l` 时，"
            "下面的代码用 matplotlib 定义同样的 `d2l.plot`。"
        ),
        fit="## 线性模型的局限\n\n一条直线拟合不了 U 形的风险，一个小型 ReLU 网络却可以。",
        collapse="## 隐藏层的合并\n\n没有激活函数，两个线性层合起来仍是一个线性层。",
        relu="## ReLU 函数\n\nReLU 返回 *x* 与 0 中较大的那个：正的输入原样通过，负的输入变成 0。",
        relu_grad="### ReLU 的梯度\n\n输入为正时导数是 1，为负时是 0；PyTorch 在 0 处取左导数 0。",
        sigmoid="## sigmoid 函数\n\nsigmoid 把任意实数压缩到区间 (0, 1) 内。",
        sigmoid_grad=(
            "### sigmoid 的梯度\n\n反向传播会把梯度累加到 `x.grad` 上，所以先清零；"
            "导数在 0 处取得最大值 0.25。"
        ),
        tanh="## tanh 函数\n\ntanh 把输入压缩到区间 (−1, 1)，关于原点中心对称。",
        tanh_grad="### tanh 的梯度\n\n导数在 0 处取得最大值 1，输入离 0 越远，导数越接近 0。",
    ),
    "en": Prose(
        site_name="Activation functions",
        home_title="Activation functions, computed and plotted",
        home_text="This site teaches three classic activation functions: ReLU, sigmoid and tanh.",
        title="Multilayer perceptrons: activation functions",
        intro=(
            "An activation function turns a hidden unit's weighted sum into the unit's output. "
            "This page draws ReLU, sigmoid and tanh with PyTorch's forward pass, and their "
            "gradients with its backward pass."
        ),
        setup=(
            "The code runs on PyTorch; without the `d2l` package, the cell below defines the "
            "same `d2l.plot` with matplotlib."
        ),
        fit=(
            "## The limits of linear models\n\nNo straight line follows a U-shaped risk; a "
            "small ReLU network does."
        ),
        collapse=(
            "## Hidden layers collapse\n\nWithout an activation function, two linear layers "
            "amount to one."
        ),
        relu=(
            "## The ReLU function\n\nReLU returns the larger of *x* and 0: positive inputs pass "
            "through, negative ones become 0."
        ),
        relu_grad=(
            "### Gradient of ReLU\n\nThe derivative is 1 for positive inputs and 0 for negative "
            "ones; at 0 PyTorch takes the left derivative, 0."
        ),
        sigmoid="## The sigmoid function\n\nThe sigmoid squashes any real number into (0, 1).",
        sigmoid_grad=(
            "### Gradient of the sigmoid\n\nBackpropagation adds gradients to `x.grad`, so it "
            "is cleared first; the derivative peaks at 0.25 at x = 0."
        ),
        tanh=(
            "## The tanh function\n\nTanh squashes its input into (−1, 1), symmetric about "
            "the origin."
        ),
        tanh_grad=(
            "### Gradient of tanh\n\nThe derivative peaks at 1 at x = 0 and nears 0 as the "
            "input moves away from 0."
        ),
    ),
}

TEMPLATES = HERE.parent / "generator" / "templates"


def standin() -> str:
    """The first code cell: torch, and the lesson page's stand-in for d2l."""
    return "import torch\n" + (TEMPLATES / "d2l_standin.py").read_text(encoding="utf-8")


def section_cells() -> list[str]:
    """The lesson's code cells before the activations' (the fit, the collapse), as the
    project's English page shows them."""
    from generator import content, section, view
    from generator.registry import LESSON_FIGSIZE

    sources = content.load_sources(HERE.parent)
    reading = view.Reading(next(lang for lang in sources.languages if lang.code == "en"))
    words = reading.words("mlp", {})
    values = section.code_values(LESSON_FIGSIZE)
    cells = [
        view.render_code(name, sources.code[name], values, words, reading).site
        for name in ("fit", "collapse")
    ]
    return [cell.replace("from d2l import torch as d2l\n", "") for cell in cells]  # the stand-in's


def lesson_cells(start: str) -> list[str]:
    """The lesson's six code cells; `start` is the first point of the plotting domain."""
    return [
        f"x = torch.arange({start}, 8.0, 0.1, requires_grad=True)\n"
        "y = torch.relu(x)\n"
        "d2l.plot(x.detach(), y.detach(), 'x', 'relu(x)', figsize=(5, 2.5))",
        "y.backward(torch.ones_like(x), retain_graph=True)\n"
        "d2l.plot(x.detach(), x.grad, 'x', 'grad of relu', figsize=(5, 2.5))",
        "y = torch.sigmoid(x)\n"
        "d2l.plot(x.detach(), y.detach(), 'x', 'sigmoid(x)', figsize=(5, 2.5))",
        "x.grad.data.zero_()\n"
        "y.backward(torch.ones_like(x), retain_graph=True)\n"
        "d2l.plot(x.detach(), x.grad, 'x', 'grad of sigmoid', figsize=(5, 2.5))",
        "y = torch.tanh(x)\nd2l.plot(x.detach(), y.detach(), 'x', 'tanh(x)', figsize=(5, 2.5))",
        "x.grad.data.zero_()\n"
        "y.backward(torch.ones_like(x), retain_graph=True)\n"
        "d2l.plot(x.detach(), x.grad, 'x', 'grad of tanh', figsize=(5, 2.5))",
    ]


def notebook(prose: Prose, intro_extra: str = "", start: str = DEFAULT_START) -> str:
    """The lesson notebook of one language, as .ipynb text (not executed)."""
    prose_cells = [prose.fit, prose.collapse, prose.relu, prose.relu_grad, prose.sigmoid]
    prose_cells += [prose.sigmoid_grad, prose.tanh, prose.tanh_grad]
    heading = f"# {prose.title}\n\n{prose.intro}{intro_extra}\n\n{prose.setup}"
    cells: list[Any] = [
        v4.new_markdown_cell(heading),  # type: ignore[no-untyped-call]
        v4.new_code_cell(standin()),  # type: ignore[no-untyped-call]
    ]
    code_cells = [*section_cells(), *lesson_cells(start)]
    for text, source in zip(prose_cells, code_cells, strict=True):
        cells.append(v4.new_markdown_cell(text))  # type: ignore[no-untyped-call]
        cells.append(v4.new_code_cell(source))  # type: ignore[no-untyped-call]
    book = v4.new_notebook(  # type: ignore[no-untyped-call]
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    return str(nbformat.writes(book))  # type: ignore[no-untyped-call]


def mkdocs_yml(code: str, prose: Prose) -> str:
    """One language's mkdocs.yml; zh builds into site/, en into site/en/."""
    site_dir = "../site" if code == LANGUAGES[0] else f"../site/{code}"
    return f"""\
site_name: {json.dumps(prose.site_name, ensure_ascii=False)}
site_dir: {site_dir}
use_directory_urls: true
theme:
  name: material
  language: {code}
  font: false
plugins:
  - search
  - mkdocs-jupyter:
      execute: true
      include_source: true
markdown_extensions:
  - admonition
  - toc:
      permalink: true
nav:
  - {json.dumps(prose.home_title, ensure_ascii=False)}: index.md
  - {json.dumps(prose.title, ensure_ascii=False)}: mlp.ipynb
"""


def write_project(folder: Path) -> None:
    """Lay out the peer project: folder/<code>/{mkdocs.yml, docs/index.md, docs/mlp.ipynb}."""
    for code in LANGUAGES:
        prose = PROSE[code]
        docs = folder / code / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        (folder / code / "mkdocs.yml").write_text(mkdocs_yml(code, prose), encoding="utf-8")
        home = f"# {prose.home_title}\n\n{prose.home_text}\n\n[{prose.title}](mlp.ipynb)\n"
        (docs / "index.md").write_text(home, encoding="utf-8")
        write_notebook(folder, code)


def write_notebook(
    folder: Path, code: str, intro_extra: str = "", start: str = DEFAULT_START
) -> None:
    text = notebook(PROSE[code], intro_extra, start)
    (folder / code / "docs" / "mlp.ipynb").write_text(text, encoding="utf-8")


def build_steps(folder: Path) -> list[tuple[list[str], Path]]:
    """The peer's build: `mkdocs build` per language, zh first (it cleans site/, en/ too)."""
    mkdocs = str(venv_bin("mkdocs"))
    return [([mkdocs, "build", "-q"], folder / code) for code in LANGUAGES]


def environment(base: dict[str, str]) -> dict[str, str]:
    """The peer's environment: its venv first on PATH, quiet Jupyter path warnings."""
    env = dict(base)
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.pop("PYTHONHOME", None)
    return env


if __name__ == "__main__":  # pragma: no cover - a manual check: python -m benchmarks.peer
    ensure_venv()
    sys.exit(0)
