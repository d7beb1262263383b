"""Assertions on the real strict build: languages, switcher, fallback, phones, anchors, privacy."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, TEST_EMAIL, TEST_REPOSITORY, html_pages, lang_root, real_site

TEL = re.compile(r'href="tel:([^"]*)"')
FRENCH_BLOCK = re.compile(r'<div (dir="ltr" lang="fr"|lang="fr" dir="ltr")>')
E164_OR_SHORT = re.compile(r"^(\+[1-9][0-9]{6,14}|[0-9]{2,5})$")


class Page(HTMLParser):
    """The few things the tests read from a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html_attrs: dict[str, str] = {}
        self.heading_ids: list[str] = []
        self.switcher: dict[str, str] = {}
        self.asset_urls: list[str] = []
        self.links: list[str] = []
        self.text_parts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_attrs = a
        if tag in ("h1", "h2", "h3", "h4") and a.get("id"):
            self.heading_ids.append(a["id"])
        if tag == "a" and "md-select__link" in a.get("class", ""):
            self.switcher[a.get("hreflang", "")] = a.get("href", "")
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.asset_urls.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "alternate"):
            self.asset_urls.append(a["href"])

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(self.text_parts)


def read(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def pages_of(site: Path, lang: str) -> list[Path]:
    root = lang_root(site, lang)
    pages = [p for p in html_pages(root) if p.name == "index.html"]
    if lang == "fr":
        pages = [p for p in pages if p.relative_to(site).parts[0] not in ("ar", "en")]
    return pages


def test_three_homes(built_site: Path) -> None:
    for lang in LANGS:
        assert (lang_root(built_site, lang) / "index.html").is_file()


def test_same_paths_in_every_language(built_site: Path) -> None:
    paths = {lang: {p.relative_to(lang_root(built_site, lang)).as_posix() for p in pages_of(built_site, lang)} for lang in LANGS}
    assert paths["fr"] == paths["ar"] == paths["en"]
    assert len(paths["fr"]) >= 10


@pytest.mark.parametrize("lang", LANGS)
def test_lang_and_dir_on_html(built_site: Path, lang: str) -> None:
    direction = "rtl" if lang == "ar" else "ltr"
    for path in pages_of(built_site, lang):
        attrs = read(path).html_attrs
        assert attrs.get("lang") == lang and attrs.get("dir") == direction, path


@pytest.mark.parametrize("lang", LANGS)
def test_switcher_lands_on_the_same_page(built_site: Path, lang: str) -> None:
    root = lang_root(built_site, lang)
    for path in pages_of(built_site, lang):
        rel = path.relative_to(root).as_posix()
        page_url = "http://x/" + ("" if lang == "fr" else f"{lang}/") + rel.removesuffix("index.html")
        switcher = read(path).switcher
        assert set(switcher) == set(LANGS), path
        for other, href in switcher.items():
            target = urlsplit(urljoin(page_url, href)).path
            expected = "/" + ("" if other == "fr" else f"{other}/") + rel.removesuffix("index.html")
            assert target == expected, f"{path}: {other} -> {target}"


def test_every_heading_has_an_ascii_anchor_shared_by_all_languages(built_site: Path) -> None:
    for path in pages_of(built_site, "fr"):
        rel = path.relative_to(built_site)
        ids = {lang: read(lang_root(built_site, lang) / rel).heading_ids for lang in LANGS}
        for lang, found in ids.items():
            for anchor in found:
                assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*", anchor) and not re.fullmatch(r"_\d+", anchor), f"{lang}/{rel}: #{anchor}"
        # The same anchors in every language; their order may follow each language (a glossary is sorted by its own terms).
        assert sorted(ids["fr"]) == sorted(ids["ar"]) == sorted(ids["en"]), rel


def test_no_markdown_attribute_list_is_left_as_text(built_site: Path) -> None:
    """A '{: .class }' printed on a page means a template lost the line break before it."""
    leftovers = [str(path.relative_to(built_site)) for path in html_pages(built_site) if "{:" in path.read_text(encoding="utf-8")]
    assert not leftovers, leftovers[:5]


def test_tel_links_are_e164_or_short_codes(built_site: Path) -> None:
    seen = 0
    for path in html_pages(built_site):
        for number in TEL.findall(path.read_text(encoding="utf-8")):
            assert E164_OR_SHORT.match(number), f"{path}: tel:{number}"
            seen += 1
    assert seen > 0


@pytest.mark.parametrize("lang", LANGS)
def test_emergency_numbers_on_every_page(built_site: Path, lang: str) -> None:
    for path in pages_of(built_site, lang) + [lang_root(built_site, lang) / "404.html"]:
        text = path.read_text(encoding="utf-8")
        assert 'class="dalil-bar"' in text and 'href="tel:19"' in text and 'href="tel:15"' in text, path


def test_nothing_is_loaded_from_another_host(built_site: Path) -> None:
    for path in html_pages(built_site):
        page = read(path)
        for url in page.asset_urls:
            assert (not urlsplit(url).scheme or url.startswith("data:")) and not url.startswith("//"), f"{path}: {url}"
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        assert "api.github.com" not in text


def test_phone_numbers_stay_left_to_right_in_arabic(built_site: Path) -> None:
    for path in pages_of(built_site, "ar"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'<a class="dalil-tel" href="tel:[^"]+"([^>]*)>', text):
            assert 'dir="ltr"' in match.group(1), path


def test_dates_localised_in_moroccan_forms(built_site: Path) -> None:
    """The record's own date, in each language's long form (not a literal date that data changes)."""
    import datetime as dt

    import yaml
    from babel.dates import format_date

    page = "asile/s-enregistrer-aupres-du-hcr/index.html"
    day = dt.date.fromisoformat(yaml.safe_load((ROOT / "data" / "topics" / "s-enregistrer-aupres-du-hcr.yml").read_text(encoding="utf-8"))["checked"])
    assert format_date(day, format="long", locale="fr_MA") in (built_site / page).read_text(encoding="utf-8")
    # English: British order (day month year), as the spelling.
    assert f"{day.day} {day.strftime('%B')} {day.year}" in (built_site / "en" / page).read_text(encoding="utf-8")
    # Arabic: the Moroccan month, and the Mashriq one after it where they differ (نونبر (نوفمبر)).
    arabic = format_date(day, format="long", locale="ar_MA")
    assert arabic.split()[1] in (built_site / "ar" / page).read_text(encoding="utf-8")


def test_records_pages_show_sources_and_checked_date(built_site: Path) -> None:

    expired = {r.id for r in real_site().expired}
    for lang in LANGS:
        root = lang_root(built_site, lang)
        # Journeys (parcours/) and audience pages (pour/) hold no fact of their own: they list topic pages, which show theirs.
        for folder in [p for p in root.iterdir() if p.is_dir() and p.name not in ("ar", "en", "assets", "a-propos", "contribuer", "donnees", "parcours", "pour")]:
            for path in folder.glob("*/index.html"):
                if path.parent.name in expired:
                    continue  # an expired page is a notice at the old address
                text = path.read_text(encoding="utf-8")
                assert 'id="sources"' in text and "dalil-checked" in text, path


def test_menu_holds_themes_not_records(built_site: Path) -> None:
    text = (built_site / "index.html").read_text(encoding="utf-8")
    menu = re.findall(r'<a href="([^"]*)" class="md-nav__link', text) + re.findall(r'class="md-nav__link[^"]*" href="([^"]*)"', text)
    assert menu and not [href for href in menu if "annuaire/hcr-maroc" in href or "s-enregistrer-aupres-du-hcr" in href]
    assert any(href.endswith("asile/") for href in menu) and any(href.endswith("urgences/") for href in menu)


def test_edit_and_report_links_point_at_the_real_source(built_site: Path) -> None:
    ar = (built_site / "ar" / "asile" / "s-enregistrer-aupres-du-hcr" / "index.html").read_text(encoding="utf-8")
    assert f'href="{TEST_REPOSITORY}/edit/main/data/topics/s-enregistrer-aupres-du-hcr.yml"' in ar
    assert f"{TEST_REPOSITORY}/issues/new?template=signaler-une-erreur.yml&amp;page=http://127.0.0.1:8000/ar/asile/s-enregistrer-aupres-du-hcr/" in ar
    assert "mise-a-jour-fiche" not in ar  # a topic page has no listing to update
    org = (built_site / "annuaire" / "hcr-maroc" / "index.html").read_text(encoding="utf-8")
    assert f'href="{TEST_REPOSITORY}/issues/new?template=mise-a-jour-fiche.yml&amp;fiche=hcr-maroc"' in org
    assert "Vous travaillez dans cette organisation ? Mettez à jour sa fiche" in org
    home = (built_site / "en" / "index.html").read_text(encoding="utf-8")
    expected = "docs_en/index.md" if (ROOT / "docs_en" / "index.md").exists() else "docs/index.md"
    assert f'{TEST_REPOSITORY}/edit/main/{expected}"' in home


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_asks_if_it_was_useful_by_email(built_site: Path, lang: str) -> None:
    """Yes / No / report by e-mail: plain mailto: links to the project, already filled in with the
    page's address and language; nothing is loaded before a tap (no form, no script, no image)."""
    from urllib.parse import parse_qs, unquote, urlsplit

    prefix = "" if lang == "fr" else f"{lang}/"
    pages = [f"{prefix}index.html", f"{prefix}urgences/index.html", f"{prefix}annuaire/hcr-maroc/index.html", f"{prefix}asile/procedure-d-asile/index.html"]
    for page in pages:
        soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        feedback = soup.select_one("aside.dalil-feedback")
        assert feedback is not None, page
        links = [a["href"] for a in feedback.select("a")] + [a["href"] for a in soup.select("aside.dalil-page-actions a[href^='mailto:']")]
        assert len(links) == 3, (page, links)
        for href in links:
            parts = urlsplit(href)
            assert parts.scheme == "mailto" and unquote(parts.path) == TEST_EMAIL, href
            body = parse_qs(parts.query)["body"][0]
            address = "http://127.0.0.1:8000/" + page.removesuffix("index.html")
            assert body == f"{address}\n{lang}\n\n", body
        assert not feedback.select("form, script, img, iframe")


def test_no_forbidden_number_anywhere(built_site: Path) -> None:
    entries = yaml.safe_load((ROOT / "data" / "unpublishable.yml").read_text(encoding="utf-8"))
    for path in list(built_site.rglob("*.html")) + list(built_site.rglob("*.xml")):
        raw = path.read_text(encoding="utf-8")
        digits_only = re.sub(r"[\s.\-]", "", read(path).text) if path.suffix == ".html" else raw
        for entry in entries:
            number = entry["number"]
            if len(number) >= 8:
                assert number not in digits_only and number[1:] not in digits_only, f"{path}: {number}"
            assert f"tel:{number}" not in raw and f"tel:+212{number.lstrip('0')}" not in raw, f"{path}: {number}"


def test_drafts_are_not_published(built_site: Path) -> None:
    """Whatever the drafts are today: no page at their address, no anchor, and no phone number
    that only a draft gives."""
    from dalil.rules import walk

    site = real_site()
    if not site.drafts:
        pytest.skip("no draft in data/ today")
    published_numbers = {value for record in site.records() for where, value in walk(record.data) if where[-1:] == ("number",)}
    text = "".join(p.read_text(encoding="utf-8") for p in html_pages(built_site))
    digits = re.sub(r"[\s.\-]", "", text)
    for draft in site.drafts:
        folder = {"topic": draft.get("theme"), "organisation": "annuaire", "emergency": None}[draft.kind]
        if folder:
            assert not (built_site / folder / draft.id).exists(), draft.path
        else:
            assert f'id="{draft.id}"' not in (built_site / "urgences" / "index.html").read_text(encoding="utf-8"), draft.path
        for where, number in walk(draft.data):
            if where[-1:] == ("number",) and number not in published_numbers:
                national = "0" + number.removeprefix("+212") if number.startswith("+212") else number
                assert f"tel:{number}" not in text and (len(national) < 8 or national[1:] not in digits), f"{draft.path}: {number}"


def test_fallback_page_says_so_in_the_reader_language(fallback_site: Path) -> None:
    ar = (fallback_site / "ar" / "essai-repli" / "index.html").read_text(encoding="utf-8")
    assert "dalil-fallback" in ar and "لم تترجم بعد" in ar
    assert FRENCH_BLOCK.search(ar) and "Texte seulement en français." in ar
    en = (fallback_site / "en" / "essai-repli" / "index.html").read_text(encoding="utf-8")
    assert "not been translated into English yet" in en
    fr = (fallback_site / "essai-repli" / "index.html").read_text(encoding="utf-8")
    assert "dalil-fallback" not in fr


def test_record_field_falls_back_alone(fallback_site: Path) -> None:
    ar = (fallback_site / "ar" / "asile" / "s-enregistrer-aupres-du-hcr" / "index.html").read_text(encoding="utf-8")
    assert "dalil-fallback" in ar
    assert FRENCH_BLOCK.search(ar)
    assert "الخطوات" in ar  # the rest of the page is still Arabic
    complete = (fallback_site / "ar" / "annuaire" / "hcr-maroc" / "index.html").read_text(encoding="utf-8")
    assert "dalil-fallback" not in complete


@pytest.mark.parametrize("lang", LANGS)
def test_404_page_per_language(built_site: Path, lang: str) -> None:
    page = lang_root(built_site, lang) / "404.html"
    attrs = read(page).html_attrs
    assert attrs["lang"] == lang and attrs["dir"] == ("rtl" if lang == "ar" else "ltr")


@pytest.mark.parametrize("lang", LANGS)
def test_every_organisation_can_be_saved_and_acted_on(built_site: Path, lang: str) -> None:
    """Save-contact vCard next to every organisation page, offered only with a number to call; map links where there is an address."""
    import yaml as _yaml

    root = lang_root(built_site, lang)
    for record in sorted((ROOT / "data" / "organisations").glob("[!_]*.yml")):
        data = _yaml.safe_load(record.read_text(encoding="utf-8"))
        if data.get("draft"):
            assert not (root / "annuaire" / data["id"]).exists()
            continue
        page = (root / "annuaire" / data["id"] / "index.html").read_text(encoding="utf-8")
        vcard = root / "annuaire" / f"{data['id']}.vcf"
        assert vcard.read_bytes().startswith(b"BEGIN:VCARD\r\n")
        numbers = data.get("phones", []) + [phone for loc in data["locations"] for phone in loc.get("phones", [])]
        assert (f'href="../{data["id"]}.vcf"' in page) == bool(numbers), (data["id"], "save contact is offered exactly when there is a number")
        if any(loc.get("address") for loc in data["locations"]):
            assert 'href="geo:' in page and "openstreetmap.org" in page
        for phone in data.get("phones", []):
            if phone.get("type") == "whatsapp":
                assert f'https://wa.me/{phone["number"].lstrip("+")}' in page


@pytest.mark.parametrize("lang", LANGS)
def test_open_data_page_lists_the_exports(built_site: Path, lang: str) -> None:
    root = lang_root(built_site, lang)
    page = (root / "donnees" / "index.html").read_text(encoding="utf-8")
    for name in ("organizations.json", "organizations.csv", "datapackage.json"):
        assert f'href="{name}"' in page and (root / "donnees" / name).is_file()
    assert "creativecommons.org/licenses/by/4.0" in page


def test_hreflang_alternates_are_absolute(built_site: Path) -> None:
    """Search engines ignore relative hreflang alternates (Lighthouse SEO audit)."""
    for path in pages_of(built_site, "ar")[:20]:
        links = re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([a-z]+)">', path.read_text(encoding="utf-8"))
        assert {lang for _href, lang in links} == set(LANGS), path
        assert all(href.startswith(("http://", "https://")) for href, _lang in links), path
