"""Emergency always in reach, a directory you can act on (issue 17, parts 2 and 5).

In a real browser at phone sizes: the call bar is on screen at every scroll position and covers no
link; no phone or WhatsApp number wraps. In the built HTML: list entries carry their number or say
there is none yet, callable first; city pages open with the national lines; the emergency page
opens with its table; WhatsApp lines are never tel: links.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browsing import open_page
from conftest import LANGS, lang_root, real_site
from dalil.rules import whatsapp_only

SITE = real_site()  # validated once per session
LONG_PAGE = "asile/s-enregistrer-aupres-du-hcr/"
BLOCK = re.compile(r'<div class="dalil-org"(.*?)</div>', re.S)
ORG_ID = re.compile(r'href="(?:\.\./)+([a-z0-9-]+)/"')

# Every link whose centre is on screen and that the bar or the header hides, at the current scroll
# position. A link under the bar is allowed only while the page can still scroll down (scrolling
# brings it above the bar); one under the sticky header only while the page can scroll up.
COVERED_LINKS = """() => {
  const bar = document.querySelector('.md-banner').getBoundingClientRect();  // the bar's whole band
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const root = document.scrollingElement;
  const canScrollDown = root.scrollTop + innerHeight < root.scrollHeight - 1;
  const canScrollUp = root.scrollTop > 0;
  const covered = [];
  for (const link of document.querySelectorAll('a[href]')) {
    if (link.closest('.md-banner, .md-header, .md-sidebar, .md-skip')) continue;
    const style = getComputedStyle(link);
    if (style.visibility === 'hidden' || !link.getClientRects().length) continue;
    const r = link.getClientRects()[0];
    if (r.width < 1 || r.height < 1) continue;
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x < 0 || x >= innerWidth || y < 0 || y >= innerHeight) continue;
    // A link that reaches under the bar (or the sticky header) while the page can still scroll that
    // way is reachable by scrolling: only a link the reader can never bring into the clear counts.
    if (r.bottom > bar.top && canScrollDown) continue;
    if (r.top < header.bottom && canScrollUp) continue;
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(hit === link || link.contains(hit))) covered.push((link.textContent.trim() || link.href).slice(0, 40) + ' @' + Math.round(y));
  }
  return covered;
}"""

# Every number link that takes more than one line (a wrapped number), with how many lines it takes.
WRAPPED_NUMBERS = """() => {
  const wrapped = [];
  const links = document.querySelectorAll('a[href^="tel:"], a[href^="https://wa.me/"]');
  for (const link of links) {
    if (!link.getClientRects().length || link.closest('.md-sidebar')) continue;
    // A bar item is a number above its label: the number itself must hold on one line.
    const target = link.closest('.dalil-bar') ? link.querySelector('strong') : link;
    const range = document.createRange();
    range.selectNodeContents(target);
    const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
    if (tops.size > 1 || (target === link && link.getClientRects().length > 1)) wrapped.push(link.textContent.trim() + ' (' + tops.size + ' lines)');
  }
  return wrapped;
}"""


def prefix(lang: str) -> str:
    return "" if lang == "fr" else f"{lang}/"


def bar_box(page: Page) -> dict:
    return page.locator("nav.dalil-bar").bounding_box()


def scroll_to(page: Page, where: str) -> None:
    page.evaluate("""where => {
      const root = document.scrollingElement, end = root.scrollHeight - innerHeight;
      window.scrollTo(0, where === 'top' ? 0 : where === 'middle' ? Math.round(end / 2) : end);
    }""", where)
    page.wait_for_timeout(50)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["", LONG_PAGE, "urgences/"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_call_bar_stays_on_screen_and_covers_no_link(browser: Browser, site_server: str, lang: str, path: str, javascript: bool) -> None:
    page, _ = open_page(browser, site_server + prefix(lang) + path, javascript=javascript)
    height = page.viewport_size["height"]
    assert page.evaluate("document.scrollingElement.scrollHeight") > 2 * height, "the page must be long enough to scroll"
    for where in ("top", "middle", "bottom"):
        scroll_to(page, where)
        box = bar_box(page)
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= height + 0.5, f"{where}: bar at {box}"
        assert box["height"] <= 0.1 * height, f"{where}: the bar takes {box['height']} px of {height}"
        assert page.locator("nav.dalil-bar a[href^='tel:19']").is_visible()
        covered = page.evaluate(COVERED_LINKS)
        assert not covered, f"{lang} {path} {where}: links covered {covered}"
    # At the end of the page, the bar comes after the last content: the footer is fully above it.
    footer = page.locator(".md-footer").bounding_box()
    assert footer["y"] + footer["height"] <= bar_box(page)["y"] + 0.5
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [320, 360])
def test_call_bar_holds_the_numbers_by_what_they_do(browser: Browser, site_server: str, lang: str, width: int) -> None:
    page, _ = open_page(browser, site_server + prefix(lang) + "asile/", width=width)
    links = page.locator("nav.dalil-bar a")
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs[0].endswith("urgences/#numeros")
    expected = [f"tel:{r.get('number')}" for r in sorted(SITE.emergency.values(), key=lambda r: (r.get("order", 100), r.id)) if r.get("bar")]
    assert hrefs[1:] == expected and {"tel:19", "tel:15", "tel:8350", "tel:2511"} <= set(expected)
    ambulance = {"fr": "Ambulance", "ar": "إسعاف", "en": "Ambulance"}[lang]
    assert ambulance in page.locator("nav.dalil-bar a[href='tel:15']").inner_text()
    # Labels may break between words, never inside one: measured with breaks inside words turned off.
    page.evaluate("document.querySelectorAll('.dalil-bar small').forEach(s => { s.style.overflowWrap = 'normal'; })")
    for box in links.evaluate_all("els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height, e.scrollWidth - e.clientWidth, e.textContent.trim()]; })"):
        assert box[0] >= 44 and box[1] >= 44, f"tap target {box}"
        assert box[2] <= 0, f"a word of the label does not fit its item: {box}"
    page.context.close()


def sample_pages(built_site: Path) -> list[str]:
    """Every directory page, the emergency page and five topics (paths relative to a language root)."""
    directory = sorted(str(p.parent.relative_to(built_site)) + "/" for p in (built_site / "annuaire").glob("**/index.html")
                       if p.parent.parent.name in ("ville", "theme", "langue") or p.parent.name == "annuaire")
    topics = [f"{t.get('theme')}/{t.id}/" for t in sorted(SITE.topics.values(), key=lambda t: t.id)
              if any(word in t.id for word in ("hcr", "asile", "violences", "arrete", "enfant"))][:5]
    assert len(topics) == 5 and len(directory) > 10
    return ["urgences/"] + topics + directory


@pytest.mark.parametrize("lang", LANGS)
def test_no_number_wraps_at_320_px(browser: Browser, site_server: str, built_site: Path, lang: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    seen = 0
    for path in sample_pages(built_site):
        page.goto(site_server + prefix(lang) + path, wait_until="load")
        assert not page.evaluate(WRAPPED_NUMBERS), f"{lang}/{path}: {page.evaluate(WRAPPED_NUMBERS)}"
        seen += page.locator('a[href^="tel:"], a[href^="https://wa.me/"]').count()
    assert seen > 100
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_emergency_page_opens_with_the_table_and_141_on_the_first_screen(browser: Browser, site_server: str, built_site: Path, lang: str) -> None:
    text = (lang_root(built_site, lang) / "urgences" / "index.html").read_text(encoding="utf-8")
    after_title = text.split("</h1>", 1)[1]
    assert re.match(r'\s*<h2 id="numeros"[^>]*>.*?</h2>\s*<table>', after_title, re.S), after_title[:200]
    page, _ = open_page(browser, site_server + prefix(lang) + "urgences/")
    row = page.locator("table a[href='tel:141']").locator("xpath=ancestor::tr").bounding_box()
    assert row["y"] + row["height"] <= bar_box(page)["y"], f"141 ends at {row['y'] + row['height']}, the bar starts at {bar_box(page)['y']}"
    page.context.close()


def phones_of(org_id: str) -> list[dict]:
    org = SITE.organisations[org_id]
    return [p for where in [org.data] + org.get("locations") + org.get("services", []) for p in where.get("phones", [])]


@pytest.mark.parametrize("lang", LANGS)
def test_directory_lists_show_a_number_or_say_there_is_none_callable_first(built_site: Path, lang: str) -> None:
    label = SITE.labels["no_verified_number"][lang]
    pages = [p for p in (lang_root(built_site, lang) / "annuaire").glob("**/index.html") if p.parent.parent.name in ("ville", "theme", "langue")]
    checked = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # Each group of entries (a theme on a city page, the whole list elsewhere) lists callable entries first.
        for group in re.split(r"<h[23]", text.split('id="toutes"', 1)[1]):
            callable_seen = []
            for block in BLOCK.findall(group):
                org_id = ORG_ID.search(block).group(1)
                numbers = [p for p in phones_of(org_id) if p.get("type", "voice") in ("voice", "whatsapp")]
                contact = re.search(r'<p class="dalil-org__contact">(.*?)</p>', block, re.S).group(1)
                links = re.findall(r'href="((?:tel:|https://wa\.me/)[^"]+)"', contact)
                if numbers:
                    assert len(links) == 1 and links[0].removeprefix("tel:").removeprefix("https://wa.me/").lstrip("+") in {p["number"].lstrip("+") for p in numbers}, (page, org_id, links)
                else:
                    assert not links and f'<span class="dalil-no-contact">{label}</span>' in contact, (page, org_id)
                callable_seen.append(bool(numbers))
                checked += 1
            assert callable_seen == sorted(callable_seen, reverse=True), (page, callable_seen)
    assert checked > 50


@pytest.mark.parametrize("lang", LANGS)
def test_city_pages_open_with_the_national_lines(built_site: Path, lang: str) -> None:
    # Morocco's cities (a city abroad, where a consulate is, does not open with Morocco's lines).
    cities = {loc["city"] for org in SITE.organisations.values() for loc in org.get("locations") if not SITE.country_of(loc["city"])} - {"national"}
    unhcr = {("https://wa.me/" + p["number"].lstrip("+")) if p.get("type") == "whatsapp" else "tel:" + p["number"] for p in SITE.organisations["hcr-maroc"].get("phones")}
    assert "tel:+212537545400" in unhcr and any(h.startswith("https://wa.me/") for h in unhcr)
    for city in cities:
        text = (lang_root(built_site, lang) / "annuaire" / "ville" / city / "index.html").read_text(encoding="utf-8")
        body = text.split("</h1>", 1)[1]
        assert re.match(r'\s*<h2 id="lignes-nationales"', body), (city, body[:120])
        lines = body.split('id="lignes-nationales"', 1)[1].split("<h2", 1)[0]
        hrefs = set(re.findall(r'href="((?:tel:|https://wa\.me/)[^"]+)"', lines))
        assert unhcr | {f"tel:{n}" for n in ("8350", "2511", "15", "19", "141", "177")} <= hrefs, (city, hrefs)
        # Then the organisations of the city by need (theme), then the nationwide ones.
        order = [m for m in re.findall(r'<h[23] id="([a-z0-9-]+)"', body)]
        assert order.index("toutes") < order.index("nationales") and any(h.startswith("besoin-") for h in order), (city, order)
    casablanca = (lang_root(built_site, lang) / "annuaire" / "ville" / "casablanca" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../hcr-maroc/"' in casablanca.split('id="toutes"', 1)[0]


def test_whatsapp_lines_are_never_calls(built_site: Path) -> None:
    chats = whatsapp_only([*SITE.organisations.values(), *SITE.emergency.values()])
    assert "+212666045606" in chats
    pages = list(built_site.glob("**/*.html"))
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for number in chats:
            assert f'href="tel:{number}"' not in text, f"{path}: tel:{number}"
    page = (built_site / "asile" / "s-enregistrer-aupres-du-hcr" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://wa.me/212666045606"' in page


def test_filter_results_show_the_number_or_that_there_is_none(browser: Browser, site_server: str) -> None:
    page, _ = open_page(browser, site_server + "ar/annuaire/")
    page.select_option("select[name=city]", "casablanca")
    page.wait_for_selector("#dalil-filter-results li")
    items = page.locator("#dalil-filter-results li")
    contacts = items.evaluate_all("""els => els.map(li => {
      const link = li.querySelector('a[href^="tel:"], a[href^="https://wa.me/"]');
      return link ? 'link' : (li.querySelector('.dalil-no-contact') ? 'none' : 'missing');
    })""")
    assert contacts and "missing" not in contacts and contacts == sorted(contacts)  # "link" sorts before "none"
    assert contacts[0] == "link" and page.locator("#dalil-filter-results .dalil-no-contact").first.inner_text() == SITE.labels["no_verified_number"]["ar"]
    page.context.close()
