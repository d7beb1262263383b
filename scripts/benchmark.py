"""Mesure le poids des pages comme un téléphone les reçoit, et vérifie les budgets.

Usage : python scripts/benchmark.py [--site-dir DOSSIER] [--runs 3]
Construit le site (sauf --site-dir), le sert sur 127.0.0.1 avec compression gzip et
Cache-Control comme un hébergeur statique, charge un échantillon de pages dans chaque langue
dans Chromium (écran 360×740), et imprime un tableau : octets transférés, requêtes, requêtes
vers un autre site, pour une première visite (cache vide) et pour la page suivante.
Ce que la page demande (document, styles, scripts) compte dans la visite ; ce que le service worker
télécharge ensuite en arrière-plan (son script, les pages gardées pour lire hors ligne) est
reconnu aux en-têtes Sec-Fetch-Dest (serviceworker, empty) et Sec-Fetch-Mode (pas navigate), et
imprimé à part, hors budget.
Budgets (issue « phone-first ») : première visite ≤ 60 Ko et ≤ 5 requêtes ; page suivante
≤ 6 Ko pour l'échantillon mesuré dans le navigateur et pour toutes les pages de l'annuaire (le
poids d'une liste ne dépend pas du nombre de fiches) ; toute page ≤ 9 Ko (une page qui explique
une démarche urgente peut être plus longue ; les pages de plus de 6 Ko sont listées). Sortie 1 si un budget est
dépassé. Lancé à la main et par la CI (rapport), jamais comme test chronométré.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import _paths  # noqa: F401  (sets up hooks/ on the path and restarts in .venv when needed)

FIRST_VISIT_BYTES = 60 * 1024
FIRST_VISIT_REQUESTS = 5
NEXT_PAGE_BYTES = 6 * 1024
# Any page can be someone's next page. Lists (the directory) must stay within NEXT_PAGE_BYTES as
# records grow; a page that walks a person through an urgent procedure (arrest, birth, a death)
# may be longer, within this ceiling: one request, about 1.5 s on a 2G link. Pages over
# NEXT_PAGE_BYTES are listed in the report.
LARGEST_PAGE_BYTES = 9 * 1024
SAMPLE = {
    "home": "",
    "emergency": "urgences/",
    "theme": "asile/",
    "topic": "asile/procedure-d-asile/",
    "sensitive": "protection/violences-contre-les-femmes/",
    "directory": "annuaire/",
    "organisation": "annuaire/fondation-orient-occident/",
    "search": "recherche/",
}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".vcf", "/")


# Requests the page itself does not wait for: the service worker's script (Sec-Fetch-Dest:
# serviceworker) and what the worker fetches with fetch() (empty): its precache and the pages it
# saves in the background after load. Dalil's pages make no fetch() of their own on a visit; a
# page the worker fetches because the reader opened it is sent with Sec-Fetch-Mode: navigate.
BACKGROUND_DESTS = ("serviceworker", "empty")


class Wire:
    """What the server sent: requests and bytes (headers and bodies), for one phase of a visit,
    the page's own and the service worker's background work apart."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.requests, self.bytes, self.paths = 0, 0, []
            self.background_requests, self.background_bytes = 0, 0

    def add(self, size: int, background: bool = False) -> None:
        with self.lock:
            if background:
                self.background_bytes += size
            else:
                self.bytes += size

    def count(self, path: str, background: bool = False) -> None:
        with self.lock:
            if background:
                self.background_requests += 1
            else:
                self.requests += 1
                self.paths.append(path)


class CountingWriter:
    def __init__(self, raw, wire: Wire) -> None:  # noqa: ANN001
        self.raw, self.wire = raw, wire
        self.background = False  # set per request by the handler

    def write(self, data: bytes) -> int:
        self.wire.add(len(data), self.background)
        return self.raw.write(data)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self.raw, name)


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed with a short cache lifetime, like GitHub Pages or Netlify,
    and counts every byte it sends (service-worker fetches included)."""

    wire: Wire

    def setup(self) -> None:
        super().setup()
        self.wfile = CountingWriter(self.wfile, self.wire)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def log_request(self, code: object = "-", size: object = "-") -> None:
        self.wire.count(self.path, self.wfile.background)

    def parse_request(self) -> bool:
        ok = super().parse_request()
        # A page the worker fetches for the reader (network first) keeps Sec-Fetch-Mode: navigate.
        self.wfile.background = ok and self.headers.get("Sec-Fetch-Dest", "") in BACKGROUND_DESTS and self.headers.get("Sec-Fetch-Mode") != "navigate"
        return ok

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or not self.path.split("?")[0].endswith(COMPRESSIBLE) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")  # what static hosts send (GitHub Pages: 10 minutes)
        super().end_headers()


def serve(site: Path, wire: Wire) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("CountingHost", (StaticHost,), {"wire": wire})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure(browser, wire: Wire, url: str, next_url: str) -> dict[str, object]:  # noqa: ANN001
    """First visit (empty cache) of `url`, then a visit of `next_url` in the same tab."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    outside: list[str] = []
    context.on("request", lambda request: outside.append(request.url) if urlsplit(request.url).hostname != "127.0.0.1" else None)
    wire.reset()
    page.goto(url, wait_until="networkidle")
    # After load the service worker installs, then saves pages in the background when idle.
    page.wait_for_timeout(3000)
    first = (wire.bytes, wire.requests, sorted(wire.paths), wire.background_bytes, wire.background_requests)
    wire.reset()
    page.goto(next_url, wait_until="networkidle")
    page.wait_for_timeout(500)
    following = (wire.bytes, wire.requests)
    context.close()
    return {"first_bytes": first[0], "first_requests": first[1], "next_bytes": following[0], "next_requests": following[1],
            "third_party": len(outside), "first_detail": first[2], "background_bytes": first[3], "background_requests": first[4]}


def page_sizes(site: Path) -> list[tuple[str, int]]:
    """Every page of the site with its gzip size, largest first."""
    sizes = [(p.relative_to(site).as_posix(), len(gzip.compress(p.read_bytes(), 6, mtime=0))) for p in site.rglob("index.html")]
    return sorted(sizes, key=lambda item: (-item[1], item[0]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is reported")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    temp = None
    site = args.site_dir
    if site is None:
        from build_site import build_into

        temp = Path(tempfile.mkdtemp(prefix="dalil-bench-"))
        os.environ["DALIL_STAGING_DIR"] = str(temp / "staging")
        build_into(temp / "site")
        site = temp / "site"
    from playwright.sync_api import sync_playwright

    wire = Wire()
    server, base = serve(site, wire)
    rows, failures = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions"])
            for lang in ("fr", "ar", "en"):
                prefix = "" if lang == "fr" else f"{lang}/"
                kinds = list(SAMPLE)
                for index, kind in enumerate(kinds):
                    following = SAMPLE[kinds[(index + 1) % len(kinds)]]
                    runs = [measure(browser, wire, base + prefix + SAMPLE[kind], base + prefix + following) for _ in range(args.runs)]
                    result = {key: statistics.median(r[key] for r in runs) for key in ("first_bytes", "first_requests", "next_bytes", "next_requests", "third_party",
                                                                                        "background_bytes", "background_requests")}
                    rows.append((lang, kind, result, runs[0]["first_detail"]))
                    if result["first_bytes"] > FIRST_VISIT_BYTES or result["first_requests"] > FIRST_VISIT_REQUESTS:
                        failures.append(f"{lang} {kind}: first visit {result['first_bytes'] / 1024:.1f} KB in {result['first_requests']:.0f} requests")
                    # The emergency page is an urgent page like the situations it lists (numbers, what to do
                    # if…, erase your traces): the same ceiling as the other pages that walk someone
                    # through an emergency; it is listed with the pages over NEXT_PAGE_BYTES.
                    ceiling = LARGEST_PAGE_BYTES if following == SAMPLE["emergency"] else NEXT_PAGE_BYTES
                    if result["next_bytes"] > ceiling:
                        failures.append(f"{lang} {kind} -> next page: {result['next_bytes'] / 1024:.1f} KB")
                    if result["third_party"]:
                        failures.append(f"{lang} {kind}: {result['third_party']:.0f} third-party request(s)")
            browser.close()
    finally:
        server.shutdown()
    print(f"{'lang':4} {'page':13} {'1st visit KB':>12} {'requests':>8} {'next page KB':>12} {'requests':>8} {'3rd party':>9} {'background KB':>13} {'requests':>8}")
    for lang, kind, r, _detail in rows:
        print(f"{lang:4} {kind:13} {r['first_bytes'] / 1024:12.1f} {r['first_requests']:8.0f} {r['next_bytes'] / 1024:12.1f} {r['next_requests']:8.0f} {r['third_party']:9.0f}"
              f" {r['background_bytes'] / 1024:13.1f} {r['background_requests']:8.0f}")
    print("(background: what the service worker downloads after the first page has loaded — its script and the pages it saves"
          " for reading offline; not in the first-visit budget)")
    print("\nFirst visit of the home page, requests served:", ", ".join(rows[0][3]))
    sizes = page_sizes(site)
    # The contributors' translation report (contribuer/traductions/) lists every record: it grows with
    # the data and is for editors, not readers (it is not in search either). It is reported, not held
    # to the readers' 9 KB ceiling.
    report = [(page, bytes_) for page, bytes_ in sizes if "contribuer/traductions/" in page]
    sizes = [(page, bytes_) for page, bytes_ in sizes if "contribuer/traductions/" not in page]
    name, size = sizes[0]
    print(f"\nLargest page: {name} ({size / 1024:.1f} KB gzip); {len(sizes)} pages in the site"
          f" (translation report for editors: {', '.join(f'{page} {bytes_ / 1024:.1f}' for page, bytes_ in report)} KB).")
    heavy = [(page, bytes_) for page, bytes_ in sizes if bytes_ > NEXT_PAGE_BYTES]
    if heavy:
        print(f"Pages over {NEXT_PAGE_BYTES // 1024} KB gzip ({len(heavy)}): " + ", ".join(f"{page} {bytes_ / 1024:.1f}" for page, bytes_ in heavy))
    lists = [(page, bytes_) for page, bytes_ in heavy if "/annuaire/" in f"/{page}"]
    for page, bytes_ in lists:  # lists of organisations must not outgrow the next-page budget
        failures.append(f"directory page {page}: {bytes_ / 1024:.1f} KB gzip")
    if size > LARGEST_PAGE_BYTES:
        failures.append(f"largest page {name}: {size / 1024:.1f} KB gzip")
    print(f"Budgets: first visit ≤ {FIRST_VISIT_BYTES // 1024} KB and ≤ {FIRST_VISIT_REQUESTS} requests; next page ≤ {NEXT_PAGE_BYTES // 1024} KB (the emergency page ≤ {LARGEST_PAGE_BYTES // 1024} KB)"
          f" (directory pages included); any page ≤ {LARGEST_PAGE_BYTES // 1024} KB; no third party.")
    if temp:
        shutil.rmtree(temp, ignore_errors=True)
    if failures:
        print("\nOVER BUDGET:", *failures, sep="\n  ")
        return 1
    print("All budgets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
