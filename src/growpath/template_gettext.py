"""Templates in their reader's language: Jinja's i18n extension on growpath's catalogs.

Apart from growpath.i18n, which every layer imports for N_, so that a command line that only
marks messages does not load Jinja.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from jinja2 import Environment, pass_eval_context
from jinja2.ext import Extension
from jinja2.lexer import (
    TOKEN_DOT,
    TOKEN_LPAREN,
    TOKEN_NAME,
    TOKEN_PIPE,
    TOKEN_RPAREN,
    TOKEN_STRING,
    Token,
    TokenStream,
)
from jinja2.nodes import EvalContext
from jinja2.runtime import Context as TemplateContext
from markupsafe import Markup

from growpath.i18n import LOCALES, SOURCE_LOCALE, html_lang, translations


class RenderEvalContext(EvalContext):
    """Jinja's evaluation context, knowing the variables its render was given."""

    def __init__(
        self, environment: Environment, template_name: str | None, render: dict[str, Any]
    ) -> None:
        super().__init__(environment, template_name)
        self.render = render


class RenderContext(TemplateContext):
    """Jinja's context, with the render's variables on its evaluation context.

    Jinja calls a pass_context function inside a block or a loop with a context derived for
    that one call (a new context, the blocks copied): a page paid it for each of its hundred
    translated messages and times. A function that needs only what the render was given (the
    locale, the request, the actor) takes the evaluation context, which is passed as it is.
    """

    def __init__(
        self,
        environment: Environment,
        parent: dict[str, Any],
        name: str | None,
        blocks: dict[str, Callable[[TemplateContext], Iterator[str]]],
        globals: MutableMapping[str, Any] | None = None,  # noqa: A002 - Jinja's name
    ) -> None:
        super().__init__(environment, parent, name, blocks, globals)
        self.eval_ctx = RenderEvalContext(environment, name, parent)


def render_value(eval_ctx: EvalContext, name: str) -> Any:
    """Return a variable the render of eval_ctx was given, None if it was not."""
    render = eval_ctx.render if isinstance(eval_ctx, RenderEvalContext) else {}
    return render.get(name)


def render_locale(eval_ctx: EvalContext) -> str:
    """Return the locale the render of eval_ctx is for: its `locale`, else the source's."""
    locale = render_value(eval_ctx, "locale")
    return locale if isinstance(locale, str) and locale else SOURCE_LOCALE


@pass_eval_context
def _newstyle_gettext(eval_ctx: EvalContext, message: str, /, **variables: Any) -> str:
    # What Jinja's newstyle wrapper of a plain gettext does, in one call instead of three
    # (`_` resolves `gettext`, which calls the plain function, each through the context):
    # a page translates some eighty messages, and the calls were a tenth of its CPU.
    text = translations(render_locale(eval_ctx)).gettext(message)
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - our catalogs, trusted as Jinja trusts them
    # A message is always a format string ("%%" is "%"), as in Jinja's own wrapper.
    return text % variables if variables or "%" in text else text


@pass_eval_context
def _template_ngettext(eval_ctx: EvalContext, singular: str, plural: str, n: int) -> str:
    return translations(render_locale(eval_ctx)).ngettext(singular, plural, n)


@pass_eval_context
def _template_pgettext(eval_ctx: EvalContext, where: str, message: str) -> str:
    return translations(render_locale(eval_ctx)).pgettext(where, message)


@pass_eval_context
def _template_npgettext(
    eval_ctx: EvalContext, where: str, singular: str, plural: str, n: int
) -> str:
    catalog = translations(render_locale(eval_ctx))
    return catalog.npgettext(where, singular, plural, n)


class MessagesOfOneLocale(Extension):
    """Translate each message without values (`_("Schedule")`) when a template is compiled,
    for an environment whose templates are all rendered in one locale.

    Called at each render, `_` cost a page a call, a catalog lookup and an escape per message
    (0.55 ms for the engagement page's 160). Compiled as the translated text marked safe,
    as `_` returns it, Jinja writes it into the template as it writes the template's own text.
    Messages with values, and any whose text is not a format string, are still translated at
    each render.
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        """Rewrite `_("message")` and `gettext("message")` as the translated text, marked safe."""
        locale: str = self.environment.messages_locale  # type: ignore[attr-defined]
        catalog = translations(locale)
        tokens = list(stream)
        at = 0
        while at < len(tokens):
            constant = _constant_message(tokens, at, catalog.gettext)
            if constant is None:
                yield tokens[at]
                at += 1
                continue
            line = tokens[at].lineno
            # In brackets, so that what follows the call (a filter, an attribute) still
            # applies to the whole message.
            yield Token(line, TOKEN_LPAREN, "(")
            yield Token(line, TOKEN_STRING, constant)
            yield Token(line, TOKEN_PIPE, "|")
            yield Token(line, TOKEN_NAME, "safe")
            yield Token(line, TOKEN_RPAREN, ")")
            at += 4


def _constant_message(tokens: list[Token], at: int, gettext: Callable[[str], str]) -> str | None:
    """Return the translated text if tokens[at:] start a call of `_` with one literal."""
    call = tokens[at : at + 4]
    if (
        len(call) < 4
        or call[0].type != TOKEN_NAME
        or call[0].value not in ("_", "gettext")
        or (at > 0 and tokens[at - 1].type == TOKEN_DOT)
        or [token.type for token in call[1:]] != [TOKEN_LPAREN, TOKEN_STRING, TOKEN_RPAREN]
    ):
        return None
    text = gettext(call[2].value)
    if "%" not in text:
        return text
    try:
        # As `_` does at each render: a message is a format string ("%%" is "%").
        formatted: str = text % {}
    except (KeyError, TypeError, ValueError):
        return None
    return formatted


def install_gettext(environment: Environment, locale: str | None = None) -> None:
    """Give templates `_`, `ngettext` and `{% trans %}`, translating into the context's
    `locale` (each render its reader's), with values escaped as Jinja's new style does.

    With a locale, every render of the environment's templates is in it: messages without
    values are translated once, when a template is compiled.
    """
    environment.context_class = RenderContext
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
    if locale is not None:
        environment.extend(messages_locale=locale)
        environment.add_extension(MessagesOfOneLocale)
