"""MkDocs event functions for Dalil (listed under `hooks:` in mkdocs.yml).

Each event is a few lines that call the `dalil` package next to this file:
load -> validate -> render -> stage happens once per build in on_config (the i18n plugin
re-runs every event for each language), then the theme gets its `dalil` context per page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from dalil import editor_text, html_post, i18n_bridge, pipeline, postbuild, safety, security, share
from dalil.markdown_ext import BidiExtension
from dalil.problems import DataError, Problem
from dalil.theme_context import page_context
from dalil.urls import language_prefix

ROOT = Path(__file__).resolve().parent.parent
log = get_plugin_logger("dalil")
_state: dict[str, Any] = {}

# ---- Start of MkDocs hooks ----


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


@event_priority(100)
def on_config(config: Any) -> Any:
    # Every page, hand-written or generated, keeps only https:, http:, tel:, mailto:, geo: and internal links.
    safe_links = _state.setdefault("safe_links", editor_text.SafeLinks())
    if safe_links not in config.markdown_extensions:
        config.markdown_extensions.append(safe_links)
    if i18n_bridge.is_default_language_build(config):
        staging = ROOT / config.extra["dalil"]["staging_dir"]
        try:
            # The printable brochures take ~30 s to lay out: skipped in the editors' preview unless asked.
            wanted = os.environ.get("DALIL_BROCHURES")
            brochures = wanted == "1" or (wanted != "0" and _state.get("command") != "serve")
            _state["brochures"] = brochures
            staged, _changed = pipeline.stage(ROOT, staging, config.site_url or "/", brochures=brochures)
        except DataError as error:
            raise PluginError(str(error)) from None
        _state["site"] = staged.site
        _state["script_hashes"] = set()
        _state["sitemap"] = []
        _state["sensitive"] = set().union(*(safety.sensitive_paths(staged.site, lang) for lang in i18n_bridge.languages(config)))
        _state["exit_pages"] = set()
        config.docs_dir = str(staging)
        config.nav = staged.nav
    if not any(isinstance(extension, BidiExtension) for extension in config.markdown_extensions):
        # Arabic pages: law numbers, year ranges, Latin addresses become left-to-right isolates.
        config.markdown_extensions.append(BidiExtension(lambda: i18n_bridge.page_language(config)))
    return config


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    # Watch the real sources (mkdocs.yml `watch:`), not the staging folder we write ourselves.
    server.unwatch(config.docs_dir)
    return server


def on_page_context(context: dict, page: Any, config: Any, nav: Any) -> dict:
    lang = i18n_bridge.page_language(config)
    context["dalil"] = page_context(_state["site"], page.meta, lang, page.url, config.extra["dalil"] | {"site_url": config.site_url or ""}, pipeline.today())
    return context


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    refused = _state["safe_links"].take_dropped() + html_post.unsafe_addresses(html)
    if refused:
        source = (page.meta.get("dalil") or {}).get("source") or page.file.src_uri
        raise PluginError(str(DataError([Problem(source, "", f"lien refusé « {' '.join(address.split())[:60]} » : seuls les liens https://, http://, "
                                                             "tel:, mailto:, geo: et les liens internes sont acceptés (les images : du site seulement).")
                                         for address in dict.fromkeys(refused)])))
    if safety.mark_exit(page.meta, html, page.url, _state["sensitive"]):
        _state["exit_pages"].add(page.url)
    return html_post.mark_phone_links(html)


def on_post_page(output: str, page: Any, config: Any) -> str:
    output = html_post.set_root_direction(output, i18n_bridge.page_language(config))
    output = i18n_bridge.absolute_alternates(output, i18n_bridge.page_address(config, page))
    output = html_post.valid_toggles(output)
    _state["sitemap"].append(i18n_bridge.sitemap_page(config, page))
    return _with_policy(html_post.trim_whitespace(output), (page.meta.get("dalil") or {}).get("source") or page.file.src_uri)


def on_template_context(context: dict, template_name: str, config: Any) -> dict:
    if template_name == "404.html":
        lang = i18n_bridge.page_language(config)
        context["dalil"] = page_context(_state["site"], {}, lang, language_prefix(lang) + "404.html", config.extra["dalil"], pipeline.today())
    return context


def on_post_template(output: str, template_name: str, config: Any) -> str:
    if template_name != "404.html":
        return output
    lang = i18n_bridge.page_language(config)
    output = html_post.valid_toggles(html_post.set_root_direction(output, lang))
    return i18n_bridge.language_404(config, _with_policy(html_post.trim_whitespace(output), f"{lang}/{template_name}"))


@event_priority(-200)  # after the i18n plugin's own on_post_build, which builds the other languages
def on_post_build(config: Any) -> None:
    if i18n_bridge.all_languages_built(config):
        site_dir = Path(config.site_dir)
        site = _state["site"]
        problems = postbuild.write_redirects(site_dir, site.redirects, i18n_bridge.languages(config), site.labels)
        manifest = postbuild.read_manifest(ROOT)
        if not _state["brochures"]:  # a preview without brochures: their addresses are not missing
            manifest = {url for url in manifest if "/brochures/" not in url}
        problems += postbuild.vanished_urls(manifest, postbuild.published_urls(site_dir))
        if problems:
            raise PluginError(str(DataError(problems)))
        postbuild.build_search_index(site_dir)
        files, size = postbuild.prune_unused(site_dir)
        log.info(f"removed {files} files ({size // 1024} KB) that no page loads")
        postbuild.write_headers(site_dir, _state["script_hashes"], _state["sensitive"])
        postbuild.write_sitemap(site_dir, i18n_bridge.sitemap(config, _state["sitemap"]))
        postbuild.write_service_worker(site_dir, i18n_bridge.languages(config), site, _state["sensitive"], _state["exit_pages"])
        share.write_qr_codes(site_dir, config.site_url or "/", [page.url for page in _state["sitemap"]])


# ---- End of MkDocs hooks ----


def _with_policy(output: str, where: str) -> str:
    try:
        output, hashes = security.add_policy_meta(output)
    except security.UnexpectedScript as error:
        raise PluginError(str(DataError([Problem(where, "", str(error))]))) from None
    _state["script_hashes"].update(hashes)
    return output
