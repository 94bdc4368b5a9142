"""axe-core in both colour schemes on the home and lesson pages of both languages and on
pages with every kind of explorable figure (an atlas page with parameters, the overview
with its comparison, the exercises), each with a figure's readout showing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from axe_playwright_python.sync_playwright import Axe

from tests.browser import checks
from tests.browser.tab import TALLY, Served, Tab

PAGES = ["", "mlp/", "en/", "en/mlp/", "activations/gelu/", "en/activations/", "exercises/"]
BLOCKING = {"serious", "critical"}


def test_axe_finds_no_serious_or_critical_violation(
    open_tab: Callable[..., Tab], servers: dict[str, Served]
) -> None:
    axe = Axe()
    tab = open_tab(servers["/"])
    found: Counter[str] = Counter()
    blocking: list[str] = []
    for path in PAGES:
        tab.open(path)
        figure = tab.page.locator("figure.plot").filter(visible=True).first
        if figure.count():
            layer = figure.locator("[role=slider]")
            layer.focus()  # the marker and readout on, as a reader reading a figure has them
            layer.press("ArrowRight")
            figure.locator("output").filter(has_text="=").wait_for()
        for scheme in ("default", "slate"):
            if tab.page.get_attribute("body", "data-md-color-scheme") != scheme:
                checks.set_scheme(tab, scheme)
            for violation in axe.run(tab.page).response["violations"]:
                impact = violation["impact"] or "minor"
                found[impact] += 1
                TALLY.axe_found.append(f"{path or 'home'} ({scheme}): {violation['id']} ({impact})")
                if impact in BLOCKING:
                    targets = [" ".join(node["target"]) for node in violation["nodes"]]
                    blocking.append(
                        f"{path or 'home'} ({scheme}): {violation['id']} ({impact}): "
                        f"{violation['help']} at {targets[:5]}"
                    )
    TALLY.axe.update(found)
    assert blocking == [], "\n".join(blocking)
    assert tab.problems == [] and tab.external() == []
