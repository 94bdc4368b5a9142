"""axe-core on the home and lesson pages of both languages, in both colour schemes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from axe_playwright_python.sync_playwright import Axe

from tests.browser import checks
from tests.browser.tab import TALLY, Served, Tab

PAGES = ["", "mlp/", "en/", "en/mlp/"]
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
