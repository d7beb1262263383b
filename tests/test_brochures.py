"""Printable brochures: every PDF is valid, short, in the right language, right-to-left in Arabic,
and its QR code leads to the right live page.

All brochures are laid out once per session, by the build of the real data (`built_site`: the
`brochure_set` fixture reads its PDFs, so the files checked are the files published); the PDFs
are read back with Debian's poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm) and zbar-tools
(zbarimg), the way a reader's phone or a printer would see them. HTML-level checks (escaping,
French fallback) render templates only, without laying out a PDF.
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from conftest import BASE_URLS as BUILT_URLS
from conftest import ROOT, lang_root, real_site
from dalil import brochures
from dalil.model import LANGS, SiteData
from dalil.phones import display_number
from dalil.text import Context

BASE_URLS = {"fr": "https://dalil.example.org/", "ar": "https://dalil.example.org/ar/", "en": "https://dalil.example.org/en/"}  # HTML-only tests
PAGE_SIZES = {"A4": (595, 842), "A5": (420, 595)}
PAGES = {"theme": (1, 2), "journey": (1, 2), "city": (1, 3), "emergency": (1, 2)}  # the A5 card: numbers in front, "What to do if…" on the back
# Bidi controls and zero-width spaces pdftotext or our line-break hints leave in extracted text.
INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670]")
ARABIC_WORD = re.compile("[\u0621-\u064a]+")


@pytest.fixture(scope="session")
def site() -> SiteData:
    return real_site()


@pytest.fixture(scope="session")
def brochure_set(site: SiteData, built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[brochures.BrochureInfo]]:
    """(folder, infos) of the brochures the build published: `render_brochures` with the build's
    addresses writes them again from the in-process layout cache (no second layout), and they must
    be byte for byte the files of `built_site`."""
    out = tmp_path_factory.mktemp("brochures")
    infos = brochures.render_brochures(site, base_urls=BUILT_URLS, out_dir=out)
    for info in infos:
        published = lang_root(built_site, info.lang) / info.path.split("/", 1)[1]
        assert (out / info.path).read_bytes() == published.read_bytes(), f"{info.path} differs from the built site's"
    return out, infos


@pytest.fixture(scope="session")
def texts(brochure_set: tuple[Path, list[brochures.BrochureInfo]]) -> dict[str, str]:
    """Extracted text of every PDF (pdftotext's default mode gives Arabic in logical order), normalised."""
    out, infos = brochure_set
    return {info.path: normalise(run("pdftotext", "-enc", "UTF-8", out / info.path, "-")) for info in infos}


def run(*args: object) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def normalise(text: str) -> str:
    return " ".join(ARABIC_MARKS.sub("", INVISIBLE.sub("", text)).split())


def arabic_words(text: str) -> list[str]:
    return ARABIC_WORD.findall(ARABIC_MARKS.sub("", text))


def holds(text: str, phrase: str) -> bool:
    """`phrase` is in the extracted `text`. pdftotext places a left-to-right run (a number, a French
    term) inside an Arabic line by its own guess, so for Arabic the check is: the Arabic words, whole
    and in reading order, as one contiguous run; and every other token somewhere in the text."""
    phrase = normalise(phrase)
    words = arabic_words(phrase)
    if not words:
        return phrase in text
    found = arabic_words(text)
    in_order = any(found[i:i + len(words)] == words for i in range(len(found) - len(words) + 1))
    others = [token.strip("()«»،,.:;") for token in ARABIC_WORD.sub(" ", ARABIC_MARKS.sub("", phrase)).replace("–", " ").split()]
    return in_order and all(token in text for token in others if token)


def expected_paths(site: SiteData) -> set[str]:
    """Computed from the data, independently of the module: themes with topics (the emergency theme has
    its A5 card instead), step-by-step journeys, cities of Morocco with open organisations (leaflets are
    handed out in Morocco: a city abroad, where a consulate is, has none)."""
    themes = {t.get("theme") for t in site.topics.values()} - {"urgences"}
    cities = {loc["city"] for org in site.organisations.values() if org.get("status") != "closed" for loc in org.get("locations")}
    cities -= {city_id for city_id, city in site.cities.items() if city.get("country")}
    journeys = [p.stem for p in (ROOT / "data" / "journeys").glob("[!_]*.yml")]
    names = [f"theme-{t}.pdf" for t in themes] + [f"ville-{c}.pdf" for c in cities - {"national"}] + ["urgences-a5.pdf"]
    names += [f"parcours-{j}.pdf" for j in journeys]
    return {f"{lang}/brochures/{name}" for lang in LANGS for name in names}


def by_lang(infos: list[brochures.BrochureInfo], lang: str) -> list[brochures.BrochureInfo]:
    return [info for info in infos if info.lang == lang]


def page_url(info: brochures.BrochureInfo) -> str:
    """The live page a brochure's QR code and address lead to, in the build `brochure_set` comes from."""
    path = {"theme": f"{info.id}/", "journey": f"parcours/{info.id}/", "city": f"annuaire/ville/{info.id}/", "emergency": "urgences/"}[info.kind]
    return BUILT_URLS[info.lang] + path


# ---- The set of files ----


def test_one_brochure_per_theme_city_and_language(site: SiteData, brochure_set: tuple[Path, list[brochures.BrochureInfo]]) -> None:
    out, infos = brochure_set
    written = {p.relative_to(out).as_posix() for p in out.rglob("*.pdf")}
    assert written == expected_paths(site)
    assert {info.path for info in infos} == written
    assert all(info.size == (out / info.path).stat().st_size for info in infos)
    assert not any("national" in path for path in written)


def test_infos_give_the_title_in_the_brochure_language(site: SiteData, brochure_set: tuple[Path, list[brochures.BrochureInfo]]) -> None:
    _, infos = brochure_set
    for info in infos:
        if info.kind == "theme":
            assert info.title == site.themes[info.id]["title"][info.lang]
        elif info.kind == "city":
            assert info.title == site.cities[info.id]["name"][info.lang]
        elif info.kind == "journey":
            assert info.title == site.journeys[info.id].get("title")[info.lang]
        else:
            assert info.title == site.labels["brochure_emergency"][info.lang]


@pytest.mark.parametrize("lang", LANGS)
def test_journey_brochures_hold_every_step_in_order(lang: str, site: SiteData, brochure_set: tuple[Path, list[brochures.BrochureInfo]], texts: dict[str, str]) -> None:
    """Each journey has its own PDF: its title, then every step's title (numbered, in order) with the titles of its topics."""
    _, infos = brochure_set
    journey_infos = [info for info in by_lang(infos, lang) if info.kind == "journey"]
    assert {info.id for info in journey_infos} == {p.stem for p in (ROOT / "data" / "journeys").glob("[!_]*.yml")}
    colon = " :" if lang == "fr" else ":"
    for info in journey_infos:
        data = yaml.safe_load((ROOT / "data" / "journeys" / f"{info.id}.yml").read_text(encoding="utf-8"))
        text = texts[info.path]
        assert holds(text, data["title"][lang])
        step_label = site.labels["journey_step"][lang]
        headings = [f"{step_label.replace('{n}', str(n))}{colon} {step['title'][lang]}" for n, step in enumerate(data["steps"], start=1)]
        for heading, step in zip(headings, data["steps"], strict=True):
            assert holds(text, heading), (info.path, heading)
            for topic_id in step["topics"]:
                assert holds(text, site.topics[topic_id].get("title")[lang]), (info.path, topic_id)
        if lang != "ar":  # in reading order (pdftotext keeps Latin lines in order)
            positions = [normalise(text).index(normalise(h)) for h in headings]
            assert positions == sorted(positions), info.path


# ---- Valid, short PDFs ----


@pytest.mark.parametrize("lang", LANGS)
def test_pdfs_are_valid_with_expected_size_and_page_count(lang: str, brochure_set: tuple[Path, list[brochures.BrochureInfo]]) -> None:
    out, infos = brochure_set
    problems = []
    for info in by_lang(infos, lang):
        data = (out / info.path).read_bytes()
        meta = dict(line.split(":", 1) for line in run("pdfinfo", out / info.path).splitlines() if ":" in line)
        pages = int(meta["Pages"])
        low, high = PAGES[info.kind]
        width, height = (round(float(v)) for v in meta["Page size"].split("pts")[0].split(" x "))
        expected_size = PAGE_SIZES["A5" if info.kind == "emergency" else "A4"]
        if not (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")):
            problems.append(f"{info.path}: not a complete PDF")
        if not low <= pages <= high or pages != info.pages:
            problems.append(f"{info.path}: {pages} pages (expected {low}-{high}, info says {info.pages})")
        if (width, height) != expected_size:
            problems.append(f"{info.path}: page {width}x{height} pt, expected {expected_size}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_are_embedded_noto_from_the_machine(lang: str, brochure_set: tuple[Path, list[brochures.BrochureInfo]]) -> None:
    out, infos = brochure_set
    for info in by_lang(infos, lang):
        rows = run("pdffonts", out / info.path).splitlines()[2:]
        names = [row.split()[0].split("+", 1)[-1] for row in rows]
        assert names and all(n.startswith("Noto-") for n in names), (info.path, names)
        assert all(" yes yes yes " in f" {' '.join(row.split()[-5:-2])} " for row in rows), (info.path, rows)
        if lang == "ar":
            assert any(n.startswith("Noto-Naskh-Arabic") for n in names), (info.path, names)


@pytest.mark.slow
def test_pdf_dates_are_the_checked_date_and_output_is_reproducible(site: SiteData, brochure_set: tuple[Path, list[brochures.BrochureInfo]]) -> None:
    out, infos = brochure_set
    card = next(i for i in infos if i.kind == "emergency" and i.lang == "ar")
    checked = max(r.get("checked") for r in site.emergency.values())
    info = run("pdfinfo", "-isodates", out / card.path)
    assert f"CreationDate:    {checked}T00:00:00" in info and f"ModDate:         {checked}T00:00:00" in info
    # Lay the same brochure out again from scratch: byte for byte the same file.
    plan = next(p for p in brochures.plan_brochures(site, base_urls=BUILT_URLS) if p.path == card.path)
    html_text, _ = brochures.render_html(brochures.environment(), site, plan)
    pdf, pages = brochures.layout_pdf(html_text, (brochures.BROCHURE_TEMPLATES / "brochure.css").read_text(encoding="utf-8"))
    assert pdf == (out / card.path).read_bytes()
    assert pages == card.pages


# ---- Text in the right language, Arabic intact ----


@pytest.mark.parametrize("lang", LANGS)
def test_text_has_title_numbers_and_date_in_the_right_language(lang: str, site: SiteData, brochure_set: tuple[Path, list[brochures.BrochureInfo]], texts: dict[str, str]) -> None:
    _, infos = brochure_set
    labels = site.labels
    ctx = Context(lang, site)
    checked = {plan.path: plan.values["checked"] for plan in brochures.plan_brochures(site, base_urls=BUILT_URLS)}
    others = [other for other in LANGS if other != lang]
    problems = []
    for info in by_lang(infos, lang):
        text = texts[info.path]
        wanted = [info.title, labels["brochure_emergency"][lang], brochures.short_url(page_url(info))]
        wanted += [display_number(r.get("number")) for r in site.emergency.values()]
        name = "name" if info.kind == "emergency" else "short_name"  # the card gives full names
        wanted += [ctx.plain(r.get(name)) for r in site.emergency.values() if r.get(name) and lang in r.get(name)]
        wanted.append(f'{labels["checked_on"][lang]} {ctx.date(checked[info.path])}')
        problems += [f"{info.path}: missing « {w} »" for w in wanted if not holds(text, w)]
        problems += [f"{info.path}: label in {other} « {labels['brochure_emergency'][other]} »"
                     for other in others if normalise(labels["brochure_emergency"][other]) in text]
    assert not problems, "\n".join(problems[:30])


def test_arabic_theme_brochures_hold_their_topic_titles_intact(site: SiteData, brochure_set: tuple[Path, list[brochures.BrochureInfo]], texts: dict[str, str]) -> None:
    """Arabic words come out of the PDF whole and in reading order: shaping kept the text, not just the look."""
    _, infos = brochure_set
    ctx = Context("ar", site)
    missing = []
    for info in by_lang(infos, "ar"):
        if info.kind != "theme":
            continue
        for topic in brochures.topics_of(site, info.id):
            title = ctx.plain(topic.get("title"))
            if "ar" in topic.get("title") and not holds(texts[info.path], title):
                missing.append(f"{info.path}: « {title} »")
    assert not missing, "\n".join(missing)
    assert "اللجوء" in texts["ar/brochures/theme-asile.pdf"]


def test_arabic_is_laid_out_right_to_left_with_phone_numbers_left_to_right(brochure_set: tuple[Path, list[brochures.BrochureInfo]]) -> None:
    out, _ = brochure_set
    words = {lang: bbox_words(out / f"{lang}/brochures/theme-asile.pdf") for lang in ("fr", "ar")}
    width = 595
    title_ar = next(w for w in words["ar"] if w[4][::-1] == "اللجوء")  # -bbox gives Arabic words in visual order
    title_fr = next(w for w in words["fr"] if w[4] == "Asile")
    assert title_ar[2] > width * 0.8, title_ar  # the title ends at the right margin
    assert title_fr[0] < width * 0.2, title_fr  # and starts at the left margin in French
    # UNHCR's number, on one line: its digit groups read left to right, in order.
    for lang in ("fr", "ar"):
        groups = ["05", "37", "54", "54", "00"]
        found = [w for i, w in enumerate(words[lang]) if [x[4].strip(",.،") for x in words[lang][i:i + 5]] == groups]
        assert found, lang
        start = words[lang].index(found[0])
        xs = [w[0] for w in words[lang][start:start + 5]]
        assert xs == sorted(xs), (lang, xs)


def bbox_words(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) for every word of page 1, as pdftotext -bbox gives them."""
    html_text = run("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-")
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
    return [(float(a), float(b), float(c), float(d), INVISIBLE.sub("", w)) for a, b, c, d, w in pattern.findall(html_text)]


# ---- QR codes ----


def test_every_qr_code_leads_to_its_live_page(brochure_set: tuple[Path, list[brochures.BrochureInfo]], tmp_path: Path) -> None:
    out, infos = brochure_set

    def decode(info: brochures.BrochureInfo) -> tuple[str, str]:
        prefix = tmp_path / info.path.replace("/", "-")
        run("pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-gray", "-singlefile", out / info.path, prefix)  # PGM: no PNG encoding
        result = subprocess.run(["zbarimg", "--raw", "-q", f"{prefix}.pgm"], capture_output=True, text=True)
        return info.path, result.stdout.strip()

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        decoded = dict(pool.map(decode, infos))
    wrong = [f"{info.path}: {decoded[info.path]!r} != {page_url(info)!r}" for info in infos if decoded[info.path] != page_url(info)]
    assert not wrong, "\n".join(wrong)


# ---- HTML: direction, escaping, French fallback (no PDF layout) ----


def render(site: SiteData, path: str) -> str:
    plan = next(p for p in brochures.plan_brochures(site, base_urls=BASE_URLS) if p.path == path)
    return brochures.render_html(brochures.environment(), site, plan)[0]


def test_arabic_html_is_rtl_with_isolated_numbers(site: SiteData) -> None:
    html_text = render(site, "ar/brochures/theme-asile.pdf")
    assert '<html lang="ar" dir="rtl"' in html_text
    assert '<bdi dir="ltr">05 37 54 54 00</bdi>' in html_text
    assert '<bdi dir="ltr" class="url">dalil.example.org/ar/asile/</bdi>' in html_text
    assert '<html lang="fr" dir="ltr"' in render(site, "fr/brochures/theme-asile.pdf")


def test_data_text_is_escaped(site: SiteData) -> None:
    hostile = copy.deepcopy(site)
    evil = '<img src="https://evil.example/x.png"> & <script>alert(1)</script> [lien](javascript:alert(1)) **gras**'
    hostile.themes["asile"]["title"] = {"fr": evil, "ar": evil, "en": evil}
    topic = brochures.topics_of(hostile, "asile")[0]
    topic.data["summary"] = {"fr": evil}
    for lang in LANGS:
        html_text = render(hostile, f"{lang}/brochures/theme-asile.pdf")
        assert "<img src=\"https://evil" not in html_text and "<script>" not in html_text
        assert "&lt;img src=&#34;https://evil.example/x.png&#34;&gt; &amp; &lt;script&gt;" in html_text
        assert 'href="javascript' not in html_text
        assert "<strong>gras</strong>" in html_text
        assert "<title>&lt;img src=" in html_text  # the PDF title is plain text too


def test_untranslated_text_falls_back_to_marked_french(site: SiteData) -> None:
    partial = copy.deepcopy(site)
    topic = brochures.topics_of(partial, "asile")[0]
    topic.data["summary"] = {"fr": topic.get("summary")["fr"]}
    labels = site.labels
    ar = render(partial, "ar/brochures/theme-asile.pdf")
    assert '<span lang="fr" dir="ltr">' in ar and labels["brochure_partly_french"]["ar"] in ar
    assert labels["brochure_partly_french"]["fr"] not in render(partial, "fr/brochures/theme-asile.pdf")
    assert labels["brochure_partly_french"]["ar"] not in render(site, "ar/brochures/theme-asile.pdf")


@pytest.mark.parametrize(("text", "html_text"), [
    ("Appelez le [05 37 54 54 00](tel:+212537545400).",
     'Appelez le <a class="tel" href="tel:+212537545400"><bdi dir="ltr">05 37 54 54 00</bdi></a>.'),
    ("WhatsApp : +212666045606", 'WhatsApp : <a class="tel" href="tel:+212666045606"><bdi dir="ltr">06 66 04 56 06</bdi></a>'),
    ("voir [faire appel](../asile/faire-appel.md)", "voir faire appel"),
    ("sur [www.2511.ma](https://www.2511.ma/)", 'sur <a href="https://www.2511.ma/"><bdi dir="ltr" class="url">www.2511.ma</bdi></a>'),
    ("sur le site 2511.ma.", 'sur le site <bdi dir="ltr" class="url">2511.ma</bdi>.'),
    # Left to right, numbers of several groups need no isolate.
    ("loi 02-03, 1 000 dh, 2016–2017, 0800 00 25 11", "loi 02-03, 1 000 dh, 2016–2017, 0800 00 25 11"),
    ("de 9 h à 15 h, en 2020", "de 9 h à 15 h, en 2020"),
    ("<b>x</b> & \"y\"", "&lt;b&gt;x&lt;/b&gt; &amp; &#34;y&#34;"),
])
def test_inline_markdown_becomes_safe_print_html(text: str, html_text: str) -> None:
    assert str(brochures.inline_html(text)) == html_text


@pytest.mark.parametrize(("text", "html_text"), [
    # Right to left: the runs of dalil.bidi are isolated (the same as on the web pages).
    ("القانون 02-03، 1 000 درهم، سنة 2016–2017 (الظهير 1-03-196)",
     'القانون <bdi dir="ltr">02-03</bdi>، <bdi dir="ltr">1 000</bdi> درهم، سنة <bdi dir="ltr">2016–2017</bdi> (الظهير <bdi dir="ltr">1-03-196</bdi>)'),
    ("العنوان: 10, avenue Mehdi Ben Barka, Souissi", 'العنوان: <bdi dir="ltr">10, avenue Mehdi Ben Barka, Souissi</bdi>'),
    ("سنة 2019: 151 و**9:00 - 16:30** على [2511.ma](https://www.2511.ma/)",
     'سنة 2019: 151 و<strong><bdi dir="ltr">9:00 - 16:30</bdi></strong> على <a href="https://www.2511.ma/"><bdi dir="ltr" class="url">2511.ma</bdi></a>'),
    ("\"A&B\" 1-2 <x>", '&#34;A&amp;B&#34; <bdi dir="ltr">1-2</bdi> &lt;x&gt;'),
])
def test_right_to_left_print_html_isolates_runs(text: str, html_text: str) -> None:
    assert str(brochures.inline_html(text, rtl=True)) == html_text


# ---- Files, labels, no network ----


def test_rerun_keeps_unchanged_files_and_removes_stale_ones(site: SiteData, brochure_set: tuple[Path, list[brochures.BrochureInfo]]) -> None:
    out, infos = brochure_set
    stale = out / "fr" / "brochures" / "theme-ancien.pdf"
    stale.write_bytes(b"%PDF-1.7 old")
    before = {info.path: (out / info.path).stat().st_mtime_ns for info in infos}
    brochures.render_brochures(site, base_urls=BUILT_URLS, out_dir=out)  # laid-out PDFs come from the cache
    assert not stale.exists()
    assert {info.path: (out / info.path).stat().st_mtime_ns for info in infos} == before


def test_base_urls_are_needed_for_every_language(site: SiteData) -> None:
    with pytest.raises(ValueError, match="missing: ar, en"):
        brochures.plan_brochures(site, base_urls={"fr": "https://dalil.example.org/"})


def test_brochure_labels_come_from_the_one_label_file() -> None:
    # Every label a brochure template uses exists in data/labels.yml (schema: fr, ar, en required).
    labels = yaml.safe_load((ROOT / "data" / "labels.yml").read_text(encoding="utf-8"))
    used = set()
    for template in brochures.BROCHURE_TEMPLATES.rglob("*.j2"):
        used |= set(re.findall(r"""label\(\s*["']([a-z0-9_]+)["']\s*[,)]""", template.read_text(encoding="utf-8")))
    used |= set(re.findall(r"""label\(\s*["']([a-z0-9_]+)["']\s*[,)]""", Path(brochures.__file__).read_text(encoding="utf-8")))
    assert used and not used - set(labels), sorted(used - set(labels))
    assert not (Path(brochures.__file__).parent / "templates" / "brochure_labels.yml").exists()


@pytest.mark.slow
def test_layout_fetches_nothing_but_inline_data(tmp_path: Path) -> None:
    """A brochure whose HTML or CSS names an address (an image, a stylesheet, a font, a local file)
    is laid out without any request: the loopback server below must see none."""
    import http.server
    import threading

    seen: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }", encoding="utf-8")
    try:
        html_text = (f'<html><head><link rel="stylesheet" href="{base}/style.css"><link rel="stylesheet" href="file://{secret}"></head>'
                     f'<body><img src="{base}/image.png"><p style="background: url({base}/bg.png)">Texte</p></body></html>')
        pdf, pages = brochures.layout_pdf(html_text, f"@font-face {{ font-family: x; src: url({base}/font.woff2) }} p {{ font-family: x }}")
    finally:
        server.shutdown()
    assert pdf.startswith(b"%PDF") and pages == 1
    assert seen == []


def test_check_renders_every_brochure_without_layout(site: SiteData, brochure_set: tuple[Path, list[brochures.BrochureInfo]]) -> None:
    """`make check` (layout=False) renders the HTML of the same brochures, with the same titles,
    but lays out no PDF and draws no QR code; a data problem in a brochure template still shows."""
    _out, infos = brochure_set
    checked, files = brochures.render_brochure_files(site, base_urls=BUILT_URLS, layout=False)
    assert [(i.path, i.title) for i in checked] == [(i.path, i.title) for i in infos]
    assert set(files) == {i.path for i in infos} and set(files.values()) == {b""}
    broken = copy.deepcopy(site)
    theme = brochures.brochure_themes(broken)[0]
    del broken.themes[theme]["title"]
    with pytest.raises(Exception, match="title"):
        brochures.render_brochure_files(broken, base_urls=BASE_URLS, layout=False)


def test_brochures_page_is_titled_by_its_own_label(built_site: Path) -> None:
    labels = yaml.safe_load((ROOT / "data" / "labels.yml").read_text(encoding="utf-8"))
    for lang in LANGS:
        page = (built_site / ("" if lang == "fr" else lang) / "brochures" / "index.html").read_text(encoding="utf-8")
        heading = re.search(r'<h1 id="titre">([^<]*)', page)
        assert heading and heading.group(1) == labels["brochures_title"][lang], lang
