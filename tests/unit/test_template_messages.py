"""Messages translated when a template is compiled read as those translated at each render."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment, select_autoescape

from growpath.entrypoints.web.rendering import _templates
from growpath.i18n import LOCALES, PSEUDO_LOCALE, translations
from growpath.template_gettext import install_gettext

PAGE = "page.html"
SNIPPETS = [
    '{{ _("Schedule") }}',
    '{{ gettext("Goal") }}',
    '{{ _("Goal")|upper }}',
    '{{ _("Goal").upper() }}',
    '{{ _("Goal") ~ "<b>" }}',
    '{{ _("Open") if flag else _("Met") }}',
    '{{ [_("Open"), _("Met")]|join(", ") }}',
    '{{ _("%(minutes)s min", minutes=45) }}',
    '{{ _("100%% sure") }}',
    '{{ _("Both sides accepted the match. The engagement has not started yet: press '
    '<strong>Start</strong> under <a href=\\"#status\\">Engagement status</a> to begin it and '
    'set its planned end.") }}',
    '{% macro shown(label) %}<label>{{ label }}</label>{% endmacro %}{{ shown(_("Goal")) }}',
    '{% set words = {"open": _("open")} %}{{ words.open }}',
    '{{ item._("Goal") }}',
    '{{ _("one" "two") }}',
]


class Item:
    """Something with a method named like the gettext function: never a message."""

    def _(self, text: str) -> str:
        return f"<{text}>"


def _environment(folded_for: str | None) -> Environment:
    environment = Environment(
        loader=DictLoader({PAGE: "\n".join(SNIPPETS)}), autoescape=select_autoescape()
    )
    install_gettext(environment, folded_for)
    return environment


@pytest.mark.parametrize("locale", [*LOCALES, PSEUDO_LOCALE])
def test_a_page_reads_the_same_with_its_messages_translated_when_compiled(locale: str) -> None:
    values = {"locale": locale, "flag": False, "item": Item()}
    at_render = _environment(None).get_template(PAGE).render(values)
    when_compiled = _environment(locale).get_template(PAGE).render(values)
    assert when_compiled == at_render
    assert "&lt;b&gt;" in when_compiled and "<strong>" in when_compiled


def test_a_message_without_values_is_text_in_the_compiled_template() -> None:
    environment = _environment("de")
    code = environment.compile('<p>{{ _("Schedule") }}</p>', raw=True)
    assert translations("de").gettext("Schedule") == "Planen"
    assert "Planen" in code and "Schedule" not in code
    with_values = environment.compile('{{ _("%(minutes)s min", minutes=45) }}', raw=True)
    assert "%(minutes)s min" in with_values


@pytest.mark.parametrize("locale", [*LOCALES, PSEUDO_LOCALE])
def test_every_page_template_compiles_with_its_messages_translated(locale: str) -> None:
    environment = _templates(reload=False, locale=locale).env
    names = environment.list_templates(extensions=["html"])
    assert len(names) > 80
    for name in names:
        # Compiling runs the rewrite; the source is compiled anew, not taken from a cache.
        source = environment.loader.get_source(environment, name)[0]  # type: ignore[union-attr]
        environment.compile(source, name)
