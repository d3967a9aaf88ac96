"""Every language-keyed text has exactly the languages of taxonomy.LANGS, in their order."""

from __future__ import annotations

from chalicelib import taxonomy
from chalicelib.html import widgets
from coop import scripts
from coop.models import AllLanguages, LocalizedText


def test_every_ui_string_is_in_every_language():
    tables = {**widgets.UI, "PROVIDER": widgets.PROVIDER, "LANG_NAMES": widgets.LANG_NAMES}
    for name, texts in tables.items():
        assert tuple(texts) == taxonomy.LANGS, name
        assert all(text.strip() for text in texts.values()), name


def test_the_models_take_the_languages_of_the_taxonomy():
    assert tuple(LocalizedText.__annotations__) == taxonomy.LANGS
    assert tuple(AllLanguages.__annotations__) == taxonomy.LANGS
    assert getattr(AllLanguages, "__required_keys__") == frozenset(taxonomy.LANGS)  # noqa: B009
    assert getattr(LocalizedText, "__required_keys__") == frozenset()  # noqa: B009


def test_the_chinese_scripts_are_two_of_the_languages():
    assert {scripts.HANS, scripts.HANT} < set(taxonomy.LANGS)
    assert (taxonomy.HANS, taxonomy.HANT, taxonomy.EN) == taxonomy.LANGS
