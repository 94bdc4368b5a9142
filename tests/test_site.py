"""The whole build, end to end, checked on the files it produced."""

import json

import pytest

from generator.content import load_sources, site_pages
from tests.browser.checks import in_language
from tests.conftest import ROOT, BuiltSite
from tests.htmlscan import resolve, scan

LESSON_LABELS = [
    "relu(x)",
    "grad of relu",
    "sigmoid(x)",
    "grad of sigmoid",
    "tanh(x)",
    "grad of tanh",
]


@pytest.mark.parametrize(
    ("url", "lang", "other"),
    [("mlp/", "zh", "en/mlp/"), ("en/mlp/", "en", "mlp/"), ("", "zh", "en/"), ("en/", "en", "")],
)
def test_page_language_and_switch(built_site: BuiltSite, url: str, lang: str, other: str) -> None:
    page = scan(built_site.page(url))
    assert page.lang == lang
    switch = {
        a["hreflang"]: a["href"] for a in page.links if "md-select__link" in a.get("class", "")
    }
    assert set(switch) == {"zh", "en"}
    other_lang = "en" if lang == "zh" else "zh"
    assert not switch[other_lang].startswith("/"), "the switch must link relatively"
    assert resolve(url, switch[other_lang]) == other.rstrip("/")
    assert resolve(url, switch[lang]) == url.rstrip("/")


@pytest.mark.parametrize("url", ["mlp/", "en/mlp/"])
def test_lesson_page_has_eight_figures_in_both_schemes(built_site: BuiltSite, url: str) -> None:
    """The fit and the network's diagram, then the lesson's six, with their labels."""
    page = scan(built_site.page(url))
    figures = [img for img in page.images if "/figures/" in "/" + resolve(url, img["src"])]
    light = [img for img in figures if img["src"].endswith("#only-light")]
    dark = [img for img in figures if img["src"].endswith("#only-dark")]
    assert len(light) == len(dark) == 8
    assert [resolve(url, i["src"]) for i in light[:2]] == [
        "figures/mlp/fit.svg",
        "figures/mlp/network.svg",
    ]
    for img in figures:
        target = built_site.site / resolve(url, img["src"])
        assert target.is_file(), f"{img['src']} on {url} does not resolve to a file"
        assert img["alt"].strip(), f"{img['src']} on {url} has no alt text"
    labels = [(built_site.site / resolve(url, i["src"])).read_text() for i in light[2:]]
    for svg, label in zip(labels, LESSON_LABELS, strict=True):
        assert f">{label}</text>" in svg


def test_one_figure_set_serves_both_languages(built_site: BuiltSite) -> None:
    zh = [resolve("mlp/", i["src"]) for i in scan(built_site.page("mlp/")).images]
    en = [resolve("en/mlp/", i["src"]) for i in scan(built_site.page("en/mlp/")).images]
    assert zh == en
    assert not (built_site.site / "en" / "figures").exists()


def test_alt_text_is_in_the_pages_language(built_site: BuiltSite) -> None:
    zh = [i["alt"] for i in scan(built_site.page("mlp/")).images if "figures" in i["src"]]
    en = [i["alt"] for i in scan(built_site.page("en/mlp/")).images if "figures" in i["src"]]
    assert all(any("\u4e00" <= c <= "\u9fff" for c in alt) for alt in zh)
    assert not any(any("\u4e00" <= c <= "\u9fff" for c in alt) for alt in en)


@pytest.mark.parametrize("url", ["mlp/", "en/mlp/"])
def test_lesson_page_has_code_and_mathml(built_site: BuiltSite, url: str) -> None:
    html = built_site.page(url)
    page = scan(html)
    assert page.code_blocks >= 7
    assert page.maths >= 8
    assert "torch.arange" in html and "x.grad.data.zero_()" in html
    assert "<script" not in html.split("<math", 1)[1].split("</math>", 1)[0]


def test_numbers_in_the_prose_come_from_the_data(built_site: BuiltSite) -> None:
    """The lesson rendered from results with a grid twice as fine: its prose follows."""
    import dataclasses

    from generator import build, content, pages, results
    from generator.cache import Cache
    from generator.registry import Grid
    from tests.conftest import ROOT

    found = results.results(Cache(built_site.cache), with_atlas=False)
    finer = dataclasses.replace(found.lesson, grid=Grid(start=-8, end=8, per_unit=20))
    found = dataclasses.replace(found, lesson=finer)
    sources = content.load_sources(ROOT)
    lesson = [page for page in content.site_pages(frozenset({"mlp"})) if page.template == "mlp"]
    made = build.make_pages(pages.make_environment(), sources, found, lesson, complete=False)
    for language in sources.languages:
        markdown = made[language.code].markdown["mlp/index.md"]
        assert "320" in markdown and "160" not in markdown
        assert "torch.arange(-8.0, 8.0, 0.05, requires_grad=True)" in markdown


def test_each_language_has_its_own_search_index(built_site: BuiltSite) -> None:
    zh = json.loads((built_site.site / "search" / "search_index.json").read_text())
    en = json.loads((built_site.site / "en" / "search" / "search_index.json").read_text())
    zh_text = " ".join(d["text"] for d in zh["docs"])
    en_text = " ".join(d["text"] for d in en["docs"])
    assert "\u200b梯度\u200b" in zh_text, "Chinese text must be segmented for search"
    assert "gradient" in en_text and "梯度" not in en_text
    zh_pages = {d["location"].split("#")[0] for d in zh["docs"]}
    assert {"", "mlp/", "activations/relu/"} <= zh_pages
    assert not any(page.startswith("en/") for page in zh_pages)


def test_no_request_leaves_the_site(built_site: BuiltSite) -> None:
    for path in built_site.site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        for tag in scan(html).images:
            assert not tag["src"].startswith(("http:", "https:", "//")), path


def test_each_language_has_a_404_page_in_its_language(built_site: BuiltSite) -> None:
    zh = (built_site.site / "404.html").read_text(encoding="utf-8")
    en = (built_site.site / "en" / "404.html").read_text(encoding="utf-8")
    assert scan(zh).lang == "zh" and "找不到页面" in zh
    assert scan(en).lang == "en" and "Page not found" in en


def test_every_page_of_the_other_languages_leads_to_files_of_the_site(
    built_site: BuiltSite,
) -> None:
    """The browser walk opens every page of the default language but, of the others,
    a page of each kind (tests/browser/conftest.py): the rest are the same templates and
    scripts with other words. Checked here in the HTML: every figure and link on each
    leads to a file of the site, and every alt text is in the page's language."""
    sources = load_sources(ROOT)
    problems, checked = [], 0
    for language in sources.languages[1:]:
        for page in site_pages():
            url = sources.prefix(language) + page.url
            html = scan(built_site.page(url))
            problems += [
                f"{url}: alt {image['alt']!r} not in {language.code}"
                for image in html.images
                if not in_language(image["alt"], language.code)
            ]
            hrefs = [i["src"] for i in html.images] + [a.get("href", "") for a in html.links]
            for href in hrefs:
                if not href or href.startswith(("http:", "https:", "mailto:", "#")):
                    continue
                checked += 1
                target = built_site.site / resolve(url, href)
                if not (target.is_file() or (target / "index.html").is_file()):
                    problems.append(f"{url}: {href} leads nowhere")
    assert problems == []
    assert checked > 10 * len(site_pages()), "too few figures and links found"
