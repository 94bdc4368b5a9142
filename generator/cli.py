"""The command line: `python -m generator build` and `python -m generator serve`."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from generator.content import PAGE_NAMES
from generator.errors import BuildFailed

if TYPE_CHECKING:
    from generator.mkdocs_site import Builders

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None, builders: Builders | None = None) -> int:
    """Run the command line; return the exit status. `builders`: MkDocs' workers, kept
    by the caller across builds (the tests share theirs); by default started here and
    stopped at the end."""
    args = _parser().parse_args(argv)
    own = builders is None
    try:
        from generator.content import language_codes
        from generator.mkdocs_site import Builders

        # MkDocs' workers first: they load MkDocs and jieba while torch is imported here.
        if builders is None:
            builders = Builders(language_codes(args.root))
        from generator.build import Settings

        settings = Settings(
            root=args.root.resolve(),
            site_dir=(args.site_dir or args.root / "site").resolve(),
            work_dir=(args.work_dir or args.root / "build").resolve(),
            cache_dir=(args.cache_dir or args.root / ".cache").resolve(),
            pages=frozenset(args.pages.split(",")) if args.pages else None,
        )
        if args.command == "serve":
            from generator.serve import serve

            serve(settings, builders, args.host, args.port)
        else:
            from generator.build import build

            build(settings, builders)
    except BuildFailed as failure:
        count = len(failure.problems)
        print(f"build failed: {count} problem{'s' * (count != 1)}", file=sys.stderr)
        for problem in failure.problems:
            print(f"  {problem}", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 1
    except ModuleNotFoundError as missing:
        return _missing(missing, args.debug)
    except KeyboardInterrupt:
        print("stopped; the previous site was left as it was", file=sys.stderr)
        return 130
    except Exception as error:  # a slip in the project's Python files, e.g. the registry
        if args.debug:
            traceback.print_exc()
        print(f"build failed: {_innermost_project_line(error)}: {error!r}", file=sys.stderr)
        print("  fix that line, or run with --debug to see the traceback", file=sys.stderr)
        return 1
    finally:
        if own and builders is not None:
            builders.close()
    return 0


def _missing(missing: ModuleNotFoundError, debug: bool) -> int:
    if debug:
        traceback.print_exc()
    print(
        f"missing dependency '{missing.name}': run `make site`, which installs the "
        "pinned dependencies into .venv",
        file=sys.stderr,
    )
    return 1


def _innermost_project_line(error: BaseException) -> str:
    """'generator/registry.py:12' for the deepest frame inside the project's own code."""
    if isinstance(error, SyntaxError) and error.filename:
        return f"{_project_path(error.filename)}:{error.lineno}"
    location = "generator"
    for frame in traceback.extract_tb(error.__traceback__):
        if "/generator/" in frame.filename and "site-packages" not in frame.filename:
            location = f"{_project_path(frame.filename)}:{frame.lineno}"
    return location


def _project_path(filename: str) -> str:
    return "generator/" + filename.rsplit("/generator/", 1)[-1]


def _page_list(text: str) -> str:
    unknown = set(text.split(",")) - set(PAGE_NAMES)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown page {', '.join(sorted(unknown))}; choose from {', '.join(PAGE_NAMES)}"
        )
    return text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description=(
            "Build the bilingual activation-functions site: run each activation through "
            "torch, draw the figures, render the pages and build one MkDocs site per language."
        ),
    )
    parser.add_argument(
        "command",
        nargs="?",
        choices=("build", "serve"),
        default="build",
        help="build the site (default), or build it and serve it with live reload",
    )
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the project folder (default: %(default)s)"
    )
    parser.add_argument("--site-dir", type=Path, help="where the site goes (default: ROOT/site)")
    parser.add_argument(
        "--work-dir", type=Path, help="scratch folder for generated pages (default: ROOT/build)"
    )
    parser.add_argument(
        "--pages",
        type=_page_list,
        help="a quick preview of some pages only, with both home pages: a comma-separated "
        f"list of {', '.join(PAGE_NAMES)} (default: the whole site)",
    )
    parser.add_argument(
        "--cache-dir", type=Path, help="cached figures and numbers (default: ROOT/.cache)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="serve: address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8000, help="serve: port (default: %(default)s)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of failures")
    return parser
