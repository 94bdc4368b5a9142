# ruff: noqa: RUF001 -- the report prints typographic signs (times, en dash) on purpose
"""`make bench`: the project's build against the notebook workflow, side by side.

Both sides build the same lesson, in Chinese and English, in throw-away folders: the
project is a copy of the work tree built with `make site` (the venv shared, never
written), the peer is two notebooks built by mkdocs-jupyter with `execute: true`. Every
case runs `--runs` times, project and peer in alternation, so that noise from other work
on the machine falls on both; the report gives medians with min and max, the ratio of
medians, and the peak RSS of the largest process of each case. It prints; it writes no
file outside its temporary folder (and the peer's venv, made once).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import measure, peer, preview, profile, project, weight
from benchmarks.measure import Sample, Summary

MB = 1_000_000
RSS_LIMIT = 400 * MB
CASES = ("clean", "noop", "prose", "figure")
TITLES = {
    "clean": "clean build of the lesson, both languages",
    "noop": "no-op rebuild",
    "prose": "one sentence of Chinese prose changed",
    "figure": "one activation's figure changed (the domain)",
    "preview": "preview: a Chinese prose edit until the served page has it",
    "preview-template": "preview: a page template edit until the served page has it",
    "preview-third": "preview: the Chinese prose edit, with a third language",
}
PREVIEW_TARGETS = {"preview": 1.0, "preview-template": 1.5}  # seconds
THIRD_LANGUAGE_GROWTH = 1.2  # the prose edit's preview with a third language, at most
# The whole site but the trained networks' page: what that page adds is the difference.
WITHOUT_TRAINING = "mlp,activations"
TRAINING_PARTS = ("training/", "training.ipynb")
TRAINING_BUDGET = {"clean": 8.0, "cached": 0.5, "bytes": 5 * MB, "view": 40 * 1000}

NOTES = [
    "Peer: mkdocs-jupyter 0.26.3, not 0.27.0, which requires Python >= 3.12 while the local "
    "torch 2.13.0 CPU wheel is for Python 3.11 (pins: benchmarks/peer-requirements.txt).",
    "Peer: mkdocs-jupyter caches each executed notebook by content hash (.cache/mkdocs-jupyter "
    "per language, removed for the clean case), so a no-op rebuild executes nothing, the prose "
    "edit re-executes the zh notebook only, and the figure case changes the domain in the "
    "code cell of both notebooks, as the project's domain feeds both languages.",
    "Targets for prose edit and no-op are against the peer's no-op rebuild (its cache warm); "
    "the table's ratio column compares the same case on both sides.",
]


@dataclass
class Bench:
    """The two throw-away projects and everything measured on them."""

    folder: Path
    runs: int
    copy: Path = field(init=False)
    peer_dir: Path = field(init=False)
    project_env: dict[str, str] = field(init=False)
    peer_env: dict[str, str] = field(init=False)
    pages: str = field(init=False)
    edits: project.Edits = field(init=False)
    samples: dict[tuple[str, str], list[Sample]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        base = project.shared_env()
        base["MPLCONFIGDIR"] = str(self.folder / "mplconfig")  # font cache, warmed once
        self.copy = project.copy_tree(self.folder / "project")
        self.project_env = project.environment(base, self.folder / "project-cache")
        self.peer_dir = self.folder / "peer"
        peer.write_project(self.peer_dir)
        self.peer_env = peer.environment(base)
        self.pages = "mlp"  # the lesson and the home pages: what the peer builds
        self.edits = project.Edits(self.copy)

    # The two sides' actions.

    def project_build(self, pages: str | None, key: tuple[str, str] | None) -> Sample:
        steps = [(project.site_command(pages), self.copy)]
        return self._timed(steps, self.project_env, key)

    def peer_build(self, key: tuple[str, str] | None) -> Sample:
        return self._timed(peer.build_steps(self.peer_dir), self.peer_env, key)

    def project_clean(self) -> None:
        self.edits.restore()
        project.clean(self.copy, self.project_env)

    def peer_clean(self) -> None:
        shutil.rmtree(self.peer_dir / "site", ignore_errors=True)
        for code in peer.LANGUAGES:
            shutil.rmtree(self.peer_dir / code / ".cache", ignore_errors=True)  # mkdocs-jupyter
            peer.write_notebook(self.peer_dir, code)

    def _timed(
        self, steps: Sequence[measure.Step], env: dict[str, str], key: tuple[str, str] | None
    ) -> Sample:
        name = "-".join(key) if key else "warm-up"
        sample = measure.run(steps, env, self.folder / f"{name}.log")
        if key:
            self.samples.setdefault(key, []).append(sample)
        return sample

    # One round: every case, project then peer.

    def round(self, run: int) -> None:
        start = str(int(self.edits.start) - (run + 1))  # a new whole number every run
        sentence = f" 这句话是第 {run + 1} 次修改时加上的。"
        prepare: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
            "clean": (self.project_clean, self.peer_clean),
            "noop": (_nothing, _nothing),
            "prose": (
                lambda: self.edits.change_prose(run),
                lambda: peer.write_notebook(self.peer_dir, "zh", sentence),
            ),
            "figure": (
                lambda: self.edits.change_domain(run, start),
                lambda: self._peer_domain(sentence, start),
            ),
        }
        for case in CASES:
            project_side, peer_side = prepare[case]
            project_side()
            done = self.project_build(self.pages, (case, "project"))
            peer_side()
            other = self.peer_build((case, "peer"))
            print(
                f"  run {run + 1}/{self.runs}  {case:<7} project {done.seconds:6.2f} s"
                f"   peer {other.seconds:6.2f} s",
                flush=True,
            )
        # The whole site, atlas included, against the lesson-only clean build; then the
        # whole site with and without the trained networks' page, clean and after a prose
        # edit (every part cached).
        for key, pages, edit in (
            ("atlas", None, False),
            ("cached", None, True),
            ("untrained", WITHOUT_TRAINING, False),
            ("untrained-cached", WITHOUT_TRAINING, True),
        ):
            if edit:
                self.edits.change_prose(run)
            else:
                self.project_clean()
            done = self.project_build(pages, (key, "project"))
            took = f"{done.seconds:6.2f} s"
            print(f"  run {run + 1}/{self.runs}  {key:<16} project {took}", flush=True)

    def preview(self) -> None:
        """The preview servers' edit-to-page time, `runs` edits on each side; then the
        project's for a template edit, and for the prose edit with a third language."""
        self.edits.restore()
        mine = self._project_preview(self._project_edit)
        self.edits.restore()
        template = self._project_preview(self.edits.change_template)
        self.edits.restore()
        self.edits.add_language()
        third = self._project_preview(self._project_edit)
        self.edits.restore()
        self.edits.restore()
        port = preview.free_port()
        mkdocs = str(peer.venv_bin("mkdocs"))
        theirs = preview.edit_latencies(
            [mkdocs, "serve", "-a", f"127.0.0.1:{port}"],
            self.peer_dir / "zh",
            self.peer_env,
            f"http://127.0.0.1:{port}/mlp/",
            self._peer_edit,
            self.runs,
        )
        for key, times in (
            (("preview", "project"), mine),
            (("preview", "peer"), theirs),
            (("preview-template", "project"), template),
            (("preview-third", "project"), third),
        ):
            self.samples[key] = [Sample(t, 0, "", "") for t in times]
            print(f"  {' '.join(key)}: " + ", ".join(f"{t:.2f} s" for t in times), flush=True)

    def _project_preview(self, edit: Callable[[int], str]) -> list[float]:
        port = preview.free_port()
        python = str(self.copy / ".venv" / "bin" / "python")
        return preview.edit_latencies(
            [python, "-m", "generator", "serve", "--port", str(port)],
            self.copy,
            self.project_env,
            f"http://127.0.0.1:{port}/mlp/",
            edit,
            self.runs,
        )

    def _project_edit(self, run: int) -> str:
        self.edits.change_prose(run)
        return project.sentence(run)

    def _peer_edit(self, run: int) -> str:
        peer.write_notebook(self.peer_dir, "zh", project.sentence(run))
        return project.sentence(run)

    def _peer_domain(self, sentence: str, start: str) -> None:
        """The same code cell changed in both notebooks (the zh prose edit stays)."""
        for code in peer.LANGUAGES:
            peer.write_notebook(self.peer_dir, code, sentence if code == "zh" else "", start)

    def summary(self, case: str, side: str) -> Summary | None:
        samples = self.samples.get((case, side))
        return measure.summarize(samples) if samples else None


def _nothing() -> None:
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--runs",
        type=int,
        default=int(os.environ.get("BENCH_RUNS") or 5),
        help="runs per case, taken in alternation (default: $BENCH_RUNS or 5)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    started = time.perf_counter()
    peer.ensure_venv()
    folder = Path(tempfile.mkdtemp(prefix="activation-bench-"))
    try:
        bench = Bench(folder, args.runs)
        bench.notes += NOTES
        _run(bench)
        _report(bench, time.perf_counter() - started)
    except measure.CommandFailed as failure:
        print(f"bench failed: {failure}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def _run(bench: Bench) -> None:
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"bench: {bench.runs} runs per case, {os.cpu_count()} CPUs, load average {load}")
    print("warm-up (untimed): one clean build of each side, the whole site, unedited")
    bench.project_clean()
    bench.peer_clean()
    first = bench.project_build(None, None)
    other = bench.peer_build(None)
    print(f"  project {first.seconds:6.2f} s   peer {other.seconds:6.2f} s", flush=True)
    bench.sections["pages"] = _pages(bench)
    for run in range(bench.runs):
        bench.round(run)
    print("preview servers: a prose edit until the served page has it", flush=True)
    bench.preview()
    print("profiling the imports", flush=True)
    bench.sections["imports"] = _imports(bench)


def _report(bench: Bench, elapsed: float) -> None:
    out: list[str] = ["", "## Results", ""]
    out += [
        "| case | project median [min–max] | peer median [min–max] | ratio project/peer "
        "| peak RSS project | peak RSS peer |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for case in (*CASES, "preview"):
        mine, theirs = bench.summary(case, "project"), bench.summary(case, "peer")
        if mine and theirs:
            out.append(
                f"| {TITLES[case]} | {mine.span()} | {theirs.span()} "
                f"| {mine.median / theirs.median:.2f} | {_rss(mine)} | {_rss(theirs)} |"
            )
    atlas = bench.summary("atlas", "project")
    clean = bench.summary("clean", "project")
    if atlas and clean:
        out.append(
            f"| clean build of the whole site with the atlas | {atlas.span()} | — "
            f"| {atlas.median / clean.median:.2f} × lesson-only | {_rss(atlas)} | — |"
        )
    for key, title in (
        ("preview-template", TITLES["preview-template"]),
        ("preview-third", TITLES["preview-third"]),
        ("cached", "the whole site, one sentence of Chinese prose changed"),
        ("untrained", "clean build of the whole site but the trained networks' page"),
        ("untrained-cached", "the same, one sentence of Chinese prose changed"),
    ):
        found = bench.summary(key, "project")
        if found:
            out.append(f"| {title} | {found.span()} | — | — | {_rss(found)} | — |")
    out += ["", *_targets(bench), "", *bench.sections["pages"], "", *_steps(bench)]
    out += ["", *bench.sections["imports"]]
    if bench.notes:
        out += ["", "Notes:", *[f"- {note}" for note in bench.notes]]
    out += ["", f"bench took {elapsed / 60:.1f} min"]
    print("\n".join(out))


def _rss(summary: Summary) -> str:
    if not summary.peak_bytes:
        return "—"  # not measured (the preview servers)
    return f"{summary.peak_bytes / MB:.0f} MB ({summary.peak_name})"


def _targets(bench: Bench) -> list[str]:
    """The targets, each met or missed, in this run's numbers."""
    lines = ["## Targets (ratios of medians in this run)", ""]
    peer_clean, peer_warm = bench.summary("clean", "peer"), bench.summary("noop", "peer")
    checks = [
        ("clean", peer_clean, 0.25, "the peer's clean build"),
        ("prose", peer_warm, 0.5, "the peer's warm rebuild (no-op row)"),
        ("noop", peer_warm, 0.05, "the peer's warm rebuild (no-op row)"),
    ]
    for case, reference, limit, what in checks:
        mine = bench.summary(case, "project")
        if mine and reference:
            ratio = mine.median / reference.median
            lines.append(
                f"- {TITLES[case]}: {mine.median:.2f} s / {reference.median:.2f} s = "
                f"{ratio:.2f} × {what}; target ≤ {limit} → {_verdict(ratio <= limit)}"
            )
    for case, limit in PREVIEW_TARGETS.items():
        shown = bench.summary(case, "project")
        if shown:
            lines.append(
                f"- {TITLES[case]}: {shown.median:.2f} s; target ≤ {limit} s "
                f"→ {_verdict(shown.median <= limit)}"
            )
    two, three = bench.summary("preview", "project"), bench.summary("preview-third", "project")
    if two and three:
        growth = three.median / two.median
        lines.append(
            f"- {TITLES['preview-third']}: {three.median:.2f} s = {growth:.2f} × with two; "
            f"target ≤ {THIRD_LANGUAGE_GROWTH} → {_verdict(growth <= THIRD_LANGUAGE_GROWTH)}"
        )
    atlas, clean = bench.summary("atlas", "project"), bench.summary("clean", "project")
    if atlas and clean:
        ratio = atlas.median / clean.median
        lines.append(
            f"- whole site with the atlas: {ratio:.2f} × the lesson-only clean build; "
            f"target ≤ 2 → {_verdict(ratio <= 2)}"
        )
    lines += _training_targets(bench)
    peaks = [s for (_, side), runs in bench.samples.items() if side == "project" for s in runs]
    peaks = [s for s in peaks if s.peak_bytes] or peaks
    top = max(peaks, key=lambda s: s.peak_bytes)
    lines.append(
        f"- no process above 400 MB: largest project process {top.peak_bytes / MB:.0f} MB "
        f"({top.peak_name}) → {_verdict(top.peak_bytes <= RSS_LIMIT)}"
    )
    return lines


def _training_targets(bench: Bench) -> list[str]:
    """What the trained networks' page adds: build time, clean and cached, as the
    difference of medians with and without it; its files and its default view."""
    lines = []
    for case, without, what in (
        ("atlas", "untrained", "clean"),
        ("cached", "untrained-cached", "cached"),
    ):
        mine, other = bench.summary(case, "project"), bench.summary(without, "project")
        if mine and other:
            added = mine.median - other.median
            limit = TRAINING_BUDGET[what]
            lines.append(
                f"- the trained networks' page adds to a {what} whole-site build "
                f"{mine.median:.2f} s − {other.median:.2f} s = {added:.2f} s; "
                f"target ≤ {limit:g} s → {_verdict(added <= limit)}"
            )
    site = bench.copy / "site"
    count, size = weight.published(site, TRAINING_PARTS)
    lines.append(
        f"- its files in the published site: {count} files, {size / MB:.2f} MB; "
        f"target ≤ 5 MB → {_verdict(size <= TRAINING_BUDGET['bytes'])}"
    )
    for page in (site / "training" / "index.html", site / "en" / "training" / "index.html"):
        if page.is_file():
            view = weight.default_view(site, page)
            lines.append(
                f"- default view of {view.page}, compressed: {view.total / 1000:.1f} kB; "
                f"target ≤ 40 kB → {_verdict(view.total <= TRAINING_BUDGET['view'])}"
            )
    return lines


def _verdict(met: bool) -> str:
    return "**met**" if met else "**missed**"


def _pages(bench: Bench) -> list[str]:
    """Page weight, from the warm-up build of each side (whole site, unedited)."""
    site = bench.copy / "site"
    pages = [site / "mlp" / "index.html", site / "en" / "mlp" / "index.html"]
    pages += [site / "training" / "index.html", site / "en" / "training" / "index.html"]
    atlas = sorted(site.glob("activations/*/index.html"))
    if atlas:
        pages.append(atlas[0])
    lines = ["## Page weight (project; the peer for comparison)", "", weight.HEADER]
    lines += [weight.page_weight(site, page).row() for page in pages if page.is_file()]
    peer_site = bench.peer_dir / "site"
    for page in (peer_site / "mlp" / "index.html", peer_site / "en" / "mlp" / "index.html"):
        if page.is_file():
            lines.append(weight.page_weight(peer_site, page).row().replace("| ", "| peer: ", 1))
    if not atlas:
        lines.append("")
        lines.append("No atlas pages (site/activations/*/index.html) in this build.")
    explorable = [*pages, site / "activations" / "index.html", site / "exercises" / "index.html"]
    trained = [site / "training" / "index.html", site / "en" / "training" / "index.html"]
    lines += ["", "## Default views, as a reader downloads them (gzip)", "", weight.VIEW_HEADER]
    lines += [weight.default_view(site, p).row() for p in [*pages[:2], *trained] if p.is_file()]
    lines += ["", "## Explorable figures: script and data per page (budget 40 KiB)", ""]
    lines.append(weight.EXPLORABLE_HEADER)
    lines += [weight.explorable_weight(site, p).row() for p in explorable if p.is_file()]
    return lines


def _steps(bench: Bench) -> list[str]:
    """Medians of the per-step times the project's build printed, by case."""
    lines = ["## Project build steps (medians of the build's own timings)", ""]
    lines += ["| case | total (make site) | steps, seconds |", "| --- | --- | --- |"]
    for case in (*CASES, "atlas", "cached", "untrained", "untrained-cached"):
        samples = bench.samples.get((case, "project"))
        if not samples:
            continue
        per_run = [project.step_times(sample.log) for sample in samples]
        names = list(dict.fromkeys(name for steps in per_run for name in steps))
        parts = [
            f"{name} {statistics.median(steps.get(name, 0.0) for steps in per_run):.2f}"
            for name in names
        ]
        total = statistics.median(sample.seconds for sample in samples)
        pairs = zip(samples, per_run, strict=True)
        outside = statistics.median(sample.seconds - sum(steps.values()) for sample, steps in pairs)
        parts.append(f"outside the steps (make, interpreter, imports) {outside:.2f}")
        lines.append(f"| {case} | {total:.2f} s | {', '.join(parts)} |")
    return lines


def _imports(bench: Bench) -> list[str]:
    python = bench.copy / ".venv" / "bin" / "python"
    bench.project_clean()
    wall, steps = profile.build_breakdown(python, bench.copy, bench.project_env)
    lines = [
        "## Where a clean build's time goes (one build with -X importtime, whole site)",
        "",
        f"Wall clock {wall:.2f} s (importtime adds a little).",
        "",
        "| step | step time | imports inside | the rest | heaviest imports (top-level package) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for step in steps:
        heavy = ", ".join(f"{name} {seconds:.2f}" for name, seconds in step.heaviest)
        took, rest = "—", "—"
        if step.seconds is not None and not step.step.startswith("start-up"):
            took, rest = f"{step.seconds:.2f} s", f"{step.seconds - step.imports:.2f} s"
        elif step.seconds is not None:
            took = f"{step.seconds:.2f} s (read only)"
        lines.append(f"| {step.step} | {took} | {step.imports:.2f} s | {rest} | {heavy} |")
    bare, costs = profile.import_costs(python, bench.project_env)
    lines += [
        "",
        "## Import costs in the project's venv (fresh interpreter each, median of 3)",
        "",
        f"Interpreter start alone: {bare:.2f} s (subtracted below).",
        "",
        "| step | imports | wall | peak RSS | heaviest top-level modules (cumulative) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for cost in costs:
        heavy = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in cost.heaviest)
        lines.append(
            f"| {cost.step} | `{cost.statement}` | {cost.wall:.2f} s "
            f"| {cost.peak_bytes / MB:.0f} MB | {heavy} |"
        )
    return lines
