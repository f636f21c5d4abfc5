"""Every page each demo role reaches, read in the pseudo-locale, shows no unmarked English.

The pseudo-locale (en-XA) brackets every translated string in ⟦…⟧. What a reader sees outside
the brackets must be data (what the database holds, e-mail addresses, links, numbers, dates,
time zones) or punctuation; anything else is text nobody marked for translation.
"""

from __future__ import annotations

import json
import re
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from html import unescape
from html.parser import HTMLParser
from importlib import resources
from urllib.parse import urldefrag, urljoin, urlsplit
from zoneinfo import available_timezones

from fastapi.testclient import TestClient
from sqlalchemy import JSON, String, select
from sqlalchemy.orm import Session

from growpath.adapters.crypto import Sealed
from growpath.adapters.orm import (
    CheckInRow,
    DataKeyRow,
    EnrolmentRow,
    JournalEntryRow,
    NoteRow,
    PersonRow,
    PersonSkillRow,
    PracticeConversationRow,
)
from growpath.adapters.orm.base import Base
from growpath.adapters.sealed_text import SealedText
from growpath.bootstrap import Growpath
from growpath.domain.catalogue import load
from growpath.domain.match_cards import initials, skill_label
from growpath.domain.modules import render_body, shipped_modules
from growpath.domain.scenarios import scenario_library
from growpath.entrypoints.app import create_app
from growpath.services.demo import DemoOrganisation
from tests.e2e.browser.conftest import login_of
from tests.e2e.conftest import log_in_demo

ROLES = ("participant", "mentor", "manager", "program admin", "org admin")
PSEUDO = {"Accept-Language": "en-XA"}
# Not pages: feeds, machine interfaces and the single sign-on redirects.
NOT_PAGES = ("/api", "/scim", "/calendar/", "/auth/", "/healthz", "/static", "/logout")
LINK = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')
PER_SHAPE = 2
MOST_PAGES = 80
# Attributes people read; a button's value is read only when it is its label.
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
LABELLED_INPUTS = ("submit", "button", "reset")
BRACKETED = re.compile(r"⟦[^⟦⟧]*⟧")
WORD = re.compile(r"[^\W\d_]+")
NOT_WORDS = [
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"(https?://|www\.)\S+"),  # links
    re.compile(
        r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
    ),
    re.compile(r"\d+"),  # numbers, and the digits of dates and times
    re.compile(r"\([a-z]{2,3}\)"),  # language codes after a language's name
    re.compile(r"\(\.[a-z]+\)"),  # a file's type after a download link: "(.ics)"
]
# The product's name, never translated.
NAMES = ("growpath",)


class _Reader(HTMLParser):
    """The text of a page a person reads, in document order, and the attributes they read."""

    SKIPPED = frozenset({"script", "style", "time"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        # Text in a language of its own (a language's own name in the switcher) is meant so.
        if tag in self.SKIPPED or (tag != "html" and values.get("lang")):
            self._skipping.append(tag)
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.attributes.append(values[name] or "")
        if tag == "input" and values.get("type") in LABELLED_INPUTS and values.get("value"):
            self.attributes.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.text.append(data)


def _unbracketed(text: str) -> str:
    # A translated string may hold another (a value translated on its own): innermost first.
    while True:
        shorter = BRACKETED.sub(" ", text)
        if shorter == text:
            return text
        text = shorter


@dataclass(frozen=True)
class Data:
    """What a page may show untranslated: the database's strings (sealed ones opened) and
    their skills and names as match cards show them, the English shipped content and the time
    zones."""

    whole: frozenset[str]
    # The values that may also stand inside a longer text, longest first.
    longest_first: list[str]


def _strings(value: object) -> Iterator[str]:
    """Every string in a value: itself, the keys and items of containers, dataclass fields."""
    if isinstance(value, str):
        yield value.strip()
    elif isinstance(value, bool):
        # A JSON true or false, as a page that shows a stored setting writes it.
        yield str(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from _strings(getattr(value, field.name))


def _database_strings(app: Growpath) -> Iterator[str]:
    """Every string in a text, JSON or sealed text column (opened by its column type)."""
    with app.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, String | JSON | SealedText):
                    for (value,) in connection.execute(select(column).distinct()):
                        yield from _strings(value)


def _sealed_records(app: Growpath) -> Iterator[str]:
    """The texts sealed under data keys of their own (notes, journal entries, practice notes,
    check-in comments), opened with the app's notes key and the context each service binds in:
    a context that drifts from its service's fails to open here rather than pass unread."""
    records = (
        (NoteRow, NoteRow.data_key_id, NoteRow.nonce, NoteRow.ciphertext),
        (
            JournalEntryRow,
            JournalEntryRow.data_key_id,
            JournalEntryRow.nonce,
            JournalEntryRow.ciphertext,
        ),
        (
            PracticeConversationRow,
            PracticeConversationRow.data_key_id,
            PracticeConversationRow.nonce,
            PracticeConversationRow.ciphertext,
        ),
        (
            CheckInRow,
            CheckInRow.comment_data_key_id,
            CheckInRow.comment_nonce,
            CheckInRow.comment_ciphertext,
        ),
    )
    with Session(app.engine) as db:
        for row_type, key_id, nonce, ciphertext in records:
            query = select(row_type, DataKeyRow, nonce, ciphertext).join(
                DataKeyRow, DataKeyRow.id == key_id
            )
            for row, key, row_nonce, row_ciphertext in db.execute(query):
                if key.wrapped_key is None or row_nonce is None or row_ciphertext is None:
                    continue  # crypto-shredded, or a check-in answered without a comment
                sealed = Sealed(key.kek_id, key.wrapped_key, row_nonce, row_ciphertext)
                text = app.cipher.open(sealed, _sealing_context(row))
                # A session's GROW notes are sealed as one JSON object of their fields.
                yield from _strings(json.loads(text) if isinstance(row, NoteRow) else text)


def _sealing_context(row: object) -> str:
    """The associated data a record was sealed with, as the service that sealed it wrote it."""
    if isinstance(row, NoteRow):
        return f"note:{row.session_id}:{row.visibility}"
    if isinstance(row, JournalEntryRow):
        return f"journal:{row.engagement_id}:{row.author_person_id}"
    if isinstance(row, PracticeConversationRow):
        return f"practice:{row.id}"
    assert isinstance(row, CheckInRow)
    return f"checkin:{row.id}"


def _as_cards_show(app: Growpath) -> Iterator[str]:
    """Skills as a match card labels them ("system design" → "System design"), and the
    initials of each person's avatar."""
    skills = (
        PersonSkillRow.name,
        EnrolmentRow.desired_competencies,
        EnrolmentRow.expertise,
        EnrolmentRow.focus_areas,
    )
    with app.engine.connect() as connection:
        for column in skills:
            for value in connection.scalars(select(column)):
                for skill in _strings(value):
                    yield skill_label(skill)
                    # What a participant wants is read as the optimiser reads it.
                    yield skill_label(skill.replace("-", " ").lower())
        yield from (initials(name) for name in connection.scalars(select(PersonRow.name)))


def _shipped_strings() -> Iterator[str]:
    """The English texts of the content growpath ships: modules, scenarios, data files."""
    # The pseudo-locale tests messages, which gettext translates; shipped content is translated
    # by a copy of each file per locale (growpath.domain.catalogue), and the pseudo-locale has
    # none, so it shows the English copy as any locale without its own does. Content is data
    # here: pseudo-translating it would mean telling a file's text from its keys and Markdown.
    data = resources.files("growpath.data")
    for entry in data.iterdir():
        if entry.name.endswith(".json"):
            yield from _strings(load(entry.name.removesuffix(".json")))
    for text in _strings([shipped_modules(), scenario_library()]):
        yield text
        # A module's body and practice are Markdown: a page shows the text of its elements.
        reader = _Reader()
        reader.feed(render_body(text))
        yield from (piece.strip() for piece in "\n".join(reader.text).split("\n"))


def _shipped_names() -> set[str]:
    """The English names of shipped things, which pages also set inside their own sentences
    (a page's title, "from the %(track)s track"): modules, scenarios and track templates."""
    modules = {module.title for module in shipped_modules()}
    scenarios = {scenario.title for scenario in scenario_library()}
    # A track's purpose, too: the new-program form sets it after the track's name.
    tracks = {track[field] for track in load("tracks") for field in ("name", "purpose")}
    return modules | scenarios | tracks


def _data_of(app: Growpath) -> Data:
    """Every string the database holds, opened if sealed, with skills and initials as cards
    show them; the shipped English content's texts; and every time zone."""
    found = {*_database_strings(app), *_sealed_records(app), *_as_cards_show(app)}
    found |= _shipped_names() | available_timezones() | {"UTC"}
    found.discard("")
    # The rest of the shipped content is read whole only: a page shows those texts as
    # elements of their own, and their short answers ("No", "Both") must not pass for parts
    # of an unmarked sentence.
    shipped = set(_shipped_strings()) - {""}
    return Data(frozenset(found | shipped), sorted(found, key=len, reverse=True))


def _words_left(text: str, data: Data) -> str:
    """Return what remains of a text once its data, numbers, dates and punctuation are gone."""
    if text.strip() in data.whole:
        return ""
    left = text
    for pattern in NOT_WORDS:
        left = pattern.sub(" ", left)
    for name in NAMES:
        left = left.replace(name, " ")
    if not WORD.search(left):
        return ""
    # Rarely reached: a value inside a longer text ("Sessions with Ana Lima"), taken out
    # before the numbers, so a value holding one ("First-time managers 2026") is found whole.
    for value in data.longest_first:
        if value in text:
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
    for pattern in NOT_WORDS:
        text = pattern.sub(" ", text)
    for name in NAMES:
        text = text.replace(name, " ")
    return " ".join(WORD.findall(text))


def _untranslated(html: str, data: Data) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    # One stream, so a translated string with markup inside (its brackets in two text
    # nodes) still closes; a line apart, so text of two elements never runs together.
    pieces = _unbracketed("\n".join(reader.text)).split("\n")
    pieces += [_unbracketed(value) for value in reader.attributes]
    left = (_words_left(piece, data) for piece in pieces)
    return sorted({words for words in left if words})


def _shape(path: str) -> str:
    return re.sub(r"/\d+", "/{id}", path)


def _crawl(client: TestClient, start: list[str]) -> dict[str, str]:
    """GET every same-site page reachable from the start (a few of each shape): path → HTML."""
    queue = deque(start)
    seen = set(start)
    shapes: Counter[str] = Counter()
    pages: dict[str, str] = {}
    while queue and len(pages) < MOST_PAGES:
        path = queue.popleft()
        answer = client.get(path, headers=PSEUDO)
        assert answer.status_code < 500, f"{path} answers {answer.status_code} in en-XA"
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        # Where a redirect led, so a page is judged by its own address.
        path = answer.url.raw_path.decode()
        pages[path] = answer.text
        for href in LINK.findall(answer.text):
            target = urldefrag(urljoin(f"http://testserver{path}", unescape(href))).url
            parts = urlsplit(target)
            following = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.netloc != "testserver" or following in seen:
                continue
            if parts.path.startswith(NOT_PAGES):
                continue
            seen.add(following)
            shapes[_shape(parts.path)] += 1
            if shapes[_shape(parts.path)] <= PER_SHAPE:
                queue.append(following)
    return pages


def test_the_reader_finds_english_outside_the_brackets_and_nothing_else() -> None:
    data = Data(frozenset({"Ana Lima"}), ["Ana Lima"])
    page = (
        "<title>⟦Ƥéöþĺé⟧ · growpath</title><p>⟦Ţŵö-šţéþ ĺöĝîñ îš <strong>öñ</strong>.⟧</p>"
        "<td>Ana Lima</td><p>⟦Šéššîöñš ŵîţĥ Ana Lima⟧ · ana@example.com, 12 %</p>"
        '<time datetime="2026-12-05">Sat 5 Dec 2026</time><script>let x = "code";</script>'
        '<button title="Close">⟦Šàvé⟧</button><input type="submit" value="Send">'
        "<p>Nobody marked this</p>"
    )
    assert _untranslated(page, data) == ["Close", "Nobody marked this", "Send"]


def test_every_page_in_the_pseudo_locale_is_marked_for_translation(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    untranslated: list[str] = []
    visits: dict[str, dict[str, str]] = {}
    anonymous = TestClient(create_app(sqlite_app), base_url="http://testserver")
    visits["anonymous"] = _crawl(anonymous, ["/login", "/password-reset"])
    for role in ROLES:
        client = TestClient(create_app(sqlite_app), base_url="http://testserver")
        start = log_in_demo(client, login_of(demo, role))
        visits[role] = _crawl(client, [start, "/account/profile", "/people"])
    # Read after the visits, which write what the audit page shows (actions, their details).
    data = _data_of(sqlite_app)
    for who, pages in visits.items():
        for path, html in pages.items():
            untranslated += [f"{who} {path}: {words}" for words in _untranslated(html, data)]
    assert untranslated == [], "\n".join(untranslated)
