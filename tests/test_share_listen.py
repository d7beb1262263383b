"""Share, listen and the QR code, on a 360 px Chromium in three languages.

- Share: WhatsApp and SMS links with the page's title and address work without JavaScript; where
  the phone has a share sheet (navigator.share) it replaces them; "copy the link" copies it. Nothing
  is requested from another site, and the QR code file only when the reader opens it; the QR code
  decodes (zbarimg) to the page's address.
- Listen: offered on topic and organisation pages only where the browser has a voice for the page's
  language; it reads the page in order, in that language, without the sources and the page's own
  controls; pause, resume and stop drive the engine. Headless Chromium has no voice of its own here,
  so the engine is a stand-in that records what it is asked to say (window.speechSynthesis).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from browsing import PHONE, open_page
from conftest import LANGS

pytestmark = pytest.mark.browser
TOPIC = "asile/s-enregistrer-aupres-du-hcr/"
ORG = "annuaire/hcr-maroc/"
FAKE_SPEECH = """
window.__speech = [];
const voices = %s;
const engine = {
  getVoices: () => voices, speak: (u) => window.__speech.push(["speak", u.text, u.lang]),
  cancel: () => window.__speech.push(["cancel"]), pause: () => window.__speech.push(["pause"]),
  resume: () => window.__speech.push(["resume"]), addEventListener: () => {}, onvoiceschanged: null,
};
Object.defineProperty(window, "speechSynthesis", { value: engine, configurable: true });
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""
FAKE_SHARE = "window.__shared = []; navigator.share = (data) => { window.__shared.push(data); return Promise.resolve(); };"


def prefix_of(lang: str) -> str:
    return "" if lang == "fr" else f"{lang}/"


def phone_page(browser: Browser, url: str, *, script: str = "", javascript: bool = True) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": PHONE["width"], "height": PHONE["height"]}, is_mobile=True, has_touch=True,
                                  java_script_enabled=javascript)
    if script:
        context.add_init_script(script)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="load")
    return page, requests


@pytest.mark.parametrize("lang", LANGS)
def test_share_without_javascript(browser: Browser, site_server: str, lang: str) -> None:
    page, requests = open_page(browser, site_server + prefix_of(lang) + TOPIC, javascript=False)
    share = page.locator("[data-dalil-share]")
    whatsapp = share.locator("a", has_text="WhatsApp")
    sms = share.locator("a", has_text="SMS")
    assert whatsapp.is_visible() and sms.is_visible()
    assert not share.locator("[data-share-native]").is_visible() and not share.locator("[data-share-copy]").is_visible()
    for link, key in ((whatsapp, "text"), (sms, "body")):
        message = parse_qs(urlsplit(link.get_attribute("href")).query)[key][0]
        # The built site's own address (site_url), whatever port serves it in the test.
        assert message.startswith("http") and message.endswith("/" + prefix_of(lang) + TOPIC) and "\n" not in message, message
    assert urlsplit(whatsapp.get_attribute("href")).netloc == "wa.me"
    assert all(urlsplit(r).hostname == "127.0.0.1" for r in requests), requests
    assert not [r for r in requests if r.endswith("qr.svg")]
    assert not page.locator("[data-dalil-listen]").is_visible()
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_share_sheet_replaces_the_links_where_the_phone_has_one(browser: Browser, site_server: str, lang: str) -> None:
    page, _requests = phone_page(browser, site_server + prefix_of(lang) + ORG, script=FAKE_SHARE)
    share = page.locator("[data-dalil-share]")
    native = share.locator("[data-share-native]")
    assert native.is_visible()
    assert not share.locator("a", has_text="WhatsApp").is_visible() and not share.locator("a", has_text="SMS").is_visible()
    native.click()
    shared = page.evaluate("window.__shared")
    assert len(shared) == 1 and shared[0]["url"].endswith(prefix_of(lang) + ORG)
    assert shared[0]["title"] and page.title().startswith(shared[0]["title"])
    page.context.close()


def test_without_a_share_sheet_the_links_stay_and_copy_copies(browser: Browser, site_server: str) -> None:
    context = browser.new_context(viewport={"width": PHONE["width"], "height": PHONE["height"]})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.rstrip("/"))
    page = context.new_page()
    page.goto(site_server + "ar/" + TOPIC, wait_until="load")
    has_sheet = page.evaluate("'share' in navigator")
    assert page.locator("[data-dalil-share] a", has_text="WhatsApp").is_visible() is not has_sheet
    assert page.locator("[data-share-native]").is_visible() is has_sheet
    copy = page.locator("[data-share-copy]")
    assert copy.is_visible()
    copy.click()
    page.wait_for_function("document.querySelector('[data-share-copy]').textContent === document.querySelector('[data-share-copy]').dataset.done")
    assert page.evaluate("navigator.clipboard.readText()").endswith("/ar/" + TOPIC)
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_qr_code_is_fetched_on_a_tap_and_decodes_to_the_page(browser: Browser, site_server: str, built_site: Path, lang: str,
                                                                 tmp_path: Path) -> None:
    page, requests = phone_page(browser, site_server + prefix_of(lang) + TOPIC)
    assert not [r for r in requests if r.endswith("qr.svg")]
    page.locator("[data-dalil-share] a[href$='qr.svg']").click()
    page.wait_for_url("**/qr.svg")
    assert [r for r in requests if r.endswith(prefix_of(lang) + TOPIC + "qr.svg")]
    svg = built_site / prefix_of(lang) / TOPIC / "qr.svg"
    assert svg.stat().st_size < 4000
    image = tmp_path / "qr.png"
    page.set_viewport_size({"width": 400, "height": 440})
    page.screenshot(path=str(image))
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True, check=False).stdout.strip()
    assert decoded.endswith("/" + prefix_of(lang) + TOPIC) and decoded.startswith("http"), decoded
    page.context.close()


def test_every_page_of_the_sitemap_has_its_qr_code(built_site: Path) -> None:
    pages = [p.parent for p in built_site.rglob("index.html") if "data-dalil-share" in p.read_text(encoding="utf-8")]
    assert len(pages) > 300
    assert [p for p in pages if not (p / "qr.svg").is_file()] == []
    # A QR code follows its page: the URL manifest keeps the page's address, not the file's.
    from dalil.postbuild import published_urls

    assert not [url for url in published_urls(built_site) if url.endswith("qr.svg")]


@pytest.mark.parametrize("lang", LANGS)
def test_listen_reads_the_page_in_its_language(browser: Browser, site_server: str, lang: str) -> None:
    voices = '[{"lang": "fr-FR", "name": "fr"}, {"lang": "ar-SA", "name": "ar"}, {"lang": "ar-MA", "name": "ma"}, {"lang": "en-GB", "name": "en"}]'
    page, _requests = phone_page(browser, site_server + prefix_of(lang) + TOPIC, script=FAKE_SPEECH % voices)
    control = page.locator("[data-dalil-listen]")
    play = control.locator("[data-listen=play]")
    assert play.is_visible()
    assert play.bounding_box()["height"] >= 44
    play.click()
    said = [entry for entry in page.evaluate("window.__speech") if entry[0] == "speak"]
    texts = [entry[1] for entry in said]
    assert texts[0] == page.locator("article h1").inner_text().strip()
    assert {entry[2] for entry in said} == {{"fr": "fr-FR", "ar": "ar-MA", "en": "en-GB"}[lang]}
    steps = page.locator("#etapes + ol > li").all_inner_texts()
    assert steps and all(step.strip() in texts for step in steps)
    sources_title = page.locator("h2#sources").inner_text().strip()
    controls = [page.locator(selector).inner_text().strip() for selector in ("#dalil-share-t", "#dalil-feedback-q", "[data-listen=play]")]
    assert sources_title not in texts and not set(controls) & set(texts), controls
    control.locator("[data-listen=pause]").click()
    control.locator("[data-listen=resume]").click()
    control.locator("[data-listen=stop]").click()
    assert [entry[0] for entry in page.evaluate("window.__speech")][-3:] == ["pause", "resume", "cancel"]
    assert play.is_visible()
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_listen_is_offered_only_with_a_voice_for_the_language_and_on_reading_pages(browser: Browser, site_server: str, lang: str) -> None:
    other = '[{"lang": "%s", "name": "x"}]' % ("en-US" if lang != "en" else "fr-FR")
    page, _requests = phone_page(browser, site_server + prefix_of(lang) + ORG, script=FAKE_SPEECH % other)
    assert page.locator("[data-dalil-listen]").count() == 1 and not page.locator("[data-dalil-listen]").is_visible()
    page.context.close()
    page, _requests = phone_page(browser, site_server + prefix_of(lang) + "asile/", script=FAKE_SPEECH % '[{"lang": "fr-FR"}, {"lang": "ar"}, {"lang": "en"}]')
    assert page.locator("[data-dalil-listen]").count() == 0  # a theme page is a list: nothing to read through
    page.context.close()
