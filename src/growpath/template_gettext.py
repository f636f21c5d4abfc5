"""Templates in their reader's language: Jinja's i18n extension on growpath's catalogs.

Apart from growpath.i18n, which every layer imports for N_, so that a command line that only
marks messages does not load Jinja.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context as TemplateContext
from markupsafe import Markup

from growpath.i18n import LOCALES, SOURCE_LOCALE, html_lang, translations


@pass_context
def _newstyle_gettext(context: TemplateContext, message: str, /, **variables: Any) -> str:
    # What Jinja's newstyle wrapper of a plain gettext does, in one call instead of three
    # (`_` resolves `gettext`, which calls the plain function, each through the context):
    # a page translates some eighty messages, and the calls were a tenth of its CPU.
    text = translations(context.get("locale") or SOURCE_LOCALE).gettext(message)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - our catalogs, trusted as Jinja trusts them
    # A message is always a format string ("%%" is "%"), as in Jinja's own wrapper.
    return text % variables if variables or "%" in text else text


@pass_context
def _template_ngettext(context: TemplateContext, singular: str, plural: str, n: int) -> str:
    return translations(context.get("locale") or SOURCE_LOCALE).ngettext(singular, plural, n)


@pass_context
def _template_pgettext(context: TemplateContext, where: str, message: str) -> str:
    return translations(context.get("locale") or SOURCE_LOCALE).pgettext(where, message)


@pass_context
def _template_npgettext(
    context: TemplateContext, where: str, singular: str, plural: str, n: int
) -> str:
    catalog = translations(context.get("locale") or SOURCE_LOCALE)
    return catalog.npgettext(where, singular, plural, n)


def install_gettext(environment: Environment) -> None:
    """Give templates `_`, `ngettext` and `{% trans %}`, translating into the context's
    `locale` (each render its reader's), with values escaped as Jinja's new style does."""
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        _newstyle_gettext,
        _template_ngettext,
        newstyle=True,
        pgettext=_template_pgettext,
        npgettext=_template_npgettext,
    )
    # Jinja wrapped gettext for the new style; this one is new style already.
    environment.globals.update(gettext=_newstyle_gettext, _=_newstyle_gettext)
    environment.filters["html_lang"] = html_lang
    environment.globals["LOCALES"] = LOCALES
