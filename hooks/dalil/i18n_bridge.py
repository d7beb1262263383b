"""Everything Dalil knows about mkdocs-static-i18n 1.3.1 internals, in one place.

Used by the hook events. The plugin builds the default language, then, from its own
`on_post_build`, calls `mkdocs.commands.build.build()` again for every other language on
the same config: every hook event therefore runs once per language. A real build in
`tests/test_build.py` covers what this module assumes.
"""

from __future__ import annotations

from typing import Any

PLUGIN = "i18n"


def _plugin(config: Any) -> Any:
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise RuntimeError("mkdocs.yml must enable the i18n plugin (mkdocs-static-i18n)")
    return plugin


def is_default_language_build(config: Any) -> bool:
    """True during the default-language build, the one that runs before the nested ones.

    The plugin sets `current_language` in its own on_config (priority -100, after ours) on the
    first build, and before calling build() for the next languages.
    """
    plugin = _plugin(config)
    return plugin.current_language in (None, plugin.default_language)


def languages(config: Any) -> list[str]:
    """Locales built, default first."""
    plugin = _plugin(config)
    return [plugin.default_language] + [lang for lang in plugin.build_languages if lang != plugin.default_language]


def page_language(config: Any) -> str:
    """Language of the build in progress (the plugin sets theme.language for each)."""
    return config.theme["language"]


def all_languages_built(config: Any) -> bool:
    """True in the outermost on_post_build, once the plugin has built every language.

    The plugin sets `building` while it runs the nested builds from its on_post_build
    (priority -100); an on_post_build of lower priority in the outer build sees it cleared.
    """
    return not _plugin(config).building
