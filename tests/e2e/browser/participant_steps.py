"""The demo participant's whole job in Chromium, in any shipped language.

The English and the German journey walk the same steps: each label is the English msgid looked
up in growpath's own catalog (``Words``), so a journey in another language finds every button
and heading by the words its reader sees, and the steps are written once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from growpath.bootstrap import Growpath
from growpath.domain.consents import KINDS, MANAGER_TRAJECTORY
from growpath.domain.triage import questionnaire
from growpath.i18n import SOURCE_LOCALE, translations
from growpath.services import checkins
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import ARTIFACTS, assert_accessible, log_in, login_of, shot

_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")
# Demo data the journey clicks on: stored names, never translated.
NOT_ELIGIBLE = "First-time managers 2026"
ENGINEERING = "Engineering mentoring 2026"


class Words:
    """The journey's labels in one language, looked up in growpath's catalog by their English.

    It remembers every label it was asked for, so a page can be checked for English leftovers
    of the labels used so far.
    """

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._catalog = translations(locale)
        self._used: dict[str, str] = {}
        self._triage: dict[str, dict[str, dict[str, str]]] = {
            q["key"]: {c["key"]: {"text": c["text"], "reason": c["reason"]} for c in q["choices"]}
            for q in questionnaire(locale)["questions"]
        }

    def __call__(self, msgid: str, **values: object) -> str:
        """Return a label as the page writes it, its values filled in."""
        text = self._catalog.gettext(msgid)
        self._used[msgid] = text
        return text % values if values else text

    def unchecked(self, msgid: str) -> str:
        """Return a message in the journey's language, kept out of the English leftovers: the
        language switcher names English in English on every page."""
        return str(self._catalog.gettext(msgid))

    def pattern(self, msgid: str, suffix: str = "", **values: object) -> re.Pattern[str]:
        """Return a label (then suffix) as a pattern: a value may itself be a pattern, and
        placeholders without a value match any text."""
        text = self(msgid)
        pieces: list[str] = []
        position = 0
        for found in _PLACEHOLDER.finditer(text):
            pieces.append(re.escape(text[position : found.start()]))
            name = found.group()[2:-2]
            value = values.get(name)
            if isinstance(value, re.Pattern):
                pieces.append(value.pattern)
            else:
                pieces.append(".+" if value is None else re.escape(str(value)))
            position = found.end()
        pieces.append(re.escape(text[position:] + suffix))
        return re.compile("".join(pieces))

    def choice(self, question: str, choice: str) -> str:
        """Return a self-assessment answer as the shipped questionnaire words it."""
        return self._triage[question][choice]["text"]

    def reason(self, question: str, choice: str) -> str:
        """Return why an answer points where it does, as the result page writes it."""
        reason = self._triage[question][choice]["reason"]
        return f"{reason[:1].upper()}{reason[1:]}."

    def english_leftovers(self, page: Page) -> list[str]:
        """Return the English labels used so far that the page shows untranslated."""
        if self.locale == SOURCE_LOCALE:
            return []
        texts: dict[str, list[str]] = page.evaluate(
            """() => {
                const own = e => [...e.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
                    .map(n => n.textContent).join(' ').replace(/\\s+/g, ' ').trim();
                const named = [...document.querySelectorAll('[aria-label], [title]')]
                    .flatMap(e => [e.getAttribute('aria-label'), e.getAttribute('title')]);
                return {
                    whole: [document.title, document.body.innerText],
                    own: [...document.querySelectorAll('body *')].map(own)
                        .concat(named).filter(t => t),
                };
            }"""
        )
        whole = "\n".join(texts["whole"])
        own = {t.strip(" :.") for t in texts["own"]}
        found: list[str] = []
        for msgid, translated in self._used.items():
            for piece in _PLACEHOLDER.split(msgid):
                piece = piece.strip(" :.,()")
                if not re.search(r"[A-Za-z]", piece) or piece.lower() in translated.lower():
                    continue
                if " " in piece:
                    # A phrase: English text like it anywhere on the page is a leftover.
                    if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", whole):
                        found.append(piece)
                elif piece in own:
                    # A single word only when it is an element's whole text (a button, a
                    # heading, a tag), not a word of a name or a bio someone typed.
                    found.append(piece)
        return found


def looked_at(page: Page, words: Words, title: str, name: str, heading: str = "") -> None:
    """Check a page is in the journey's language and accessible, and keep its screenshots.

    ``title`` is the page title before " · growpath", already in the page's language;
    ``heading`` (the title when not given) is a heading the page must show.
    """
    expect(page).to_have_title(f"{title} · growpath")
    expect(page.locator("html")).to_have_attribute("lang", words.locale.replace("_", "-"))
    expect(page.get_by_role("heading", name=heading or title, exact=True).first).to_be_visible()
    assert_in_language(page, words)
    assert_accessible(page)
    shot(page, name)


def assert_in_language(page: Page, words: Words) -> None:
    """Fail naming the English labels a page in another language still shows."""
    leftovers = words.english_leftovers(page)
    assert not leftovers, f"{page.url} shows English: {leftovers}"


def _then(first: str, second: str) -> re.Pattern[str]:
    # An accessible name joined from two texts; the punctuation between them is the page's.
    return re.compile(rf"^{re.escape(first)}\W+{re.escape(second)}", re.IGNORECASE)


def _main_nav(page: Page, words: Words, name: str) -> None:
    page.get_by_role("navigation", name=words("Main")).get_by_role(
        "link", name=words(name), exact=True
    ).click()


def walk(
    page: Page,
    phone: Page,
    app: Growpath,
    demo: DemoOrganisation,
    server: str,
    words: Words,
    prefix: str,
) -> None:
    """Walk the demo participant through their whole job, screenshots named after prefix."""
    w = words
    # The demo seeds engagements that started weeks ago, with their check-ins already due.
    assert checkins.schedule_checkins(app) == 0
    email = login_of(demo, "participant")
    log_in(page, server, email, DEMO_PASSWORD, words)
    expect(page).to_have_url(f"{server}/home")
    # A mentee who guides nobody is offered no caseload, team or admin.
    nav = page.get_by_role("navigation", name=w("Main"))
    for absent in ("Mentoring", "My team", "Admin"):
        expect(nav.get_by_role("link", name=w(absent), exact=True)).to_have_count(0)
    looked_at(page, w, w("Home"), f"{prefix}-home")
    expect(page.get_by_role("heading", name=w("My engagements"))).to_be_visible()
    expect(page.get_by_role("heading", name=w("My competency growth"))).to_be_visible()
    # The growth chart's table, for whoever does not see the bars.
    expect(page.get_by_role("columnheader", name=w("Value"), exact=True)).to_be_visible()
    checkin = page.get_by_role("link", name=w.pattern("Check-in for %(program)s"))
    checkin_path = checkin.first.get_attribute("href")
    assert checkin_path is not None

    page.get_by_role("link", name=w("Take the self-assessment")).click()
    looked_at(
        page,
        w,
        w("Self-assessment"),
        f"{prefix}-triage",
        heading=w("Coaching, mentoring, or both?"),
    )
    page.get_by_label(w.choice("need", "career")).check()
    page.get_by_label(w.choice("transition", "new_role")).check()
    page.get_by_label(w.choice("support", "advice")).check()
    page.get_by_label(w.choice("network", "much")).check()
    page.get_by_role("button", name=w("See what fits me")).click()
    expect(page.get_by_role("heading", name=w("We recommend mentoring"))).to_be_visible()
    # The reasons keep their own capitals (German nouns), only the first letter is raised.
    expect(page.get_by_text(w.reason("need", "career"), exact=True)).to_be_visible()
    looked_at(page, w, w("Your self-assessment result"), f"{prefix}-triage-result")

    _main_nav(page, w, "Programs")
    looked_at(page, w, w("Programs"), f"{prefix}-programs")
    page.get_by_role("link", name=NOT_ELIGIBLE).click()
    why_not = w.pattern("the program is open to seniority levels %(levels)s")
    expect(
        page.get_by_text(
            w.pattern(
                "You cannot join as %(role)s: %(reason)s.",
                role=w("coachee"),
                reason=why_not,
            )
        )
    ).to_be_visible()
    looked_at(
        page,
        w,
        NOT_ELIGIBLE,
        f"{prefix}-program-not-eligible",
        heading=w("Join as %(role)s", role=w("coachee")),
    )
    page.get_by_role("link", name=w("Back to programs")).click()
    page.get_by_role("link", name=ENGINEERING).first.click()
    looked_at(page, w, ENGINEERING, f"{prefix}-program", heading=w("My enrolment"))
    page.get_by_role("link", name=w("See recommended %(guides)s", guides=w("mentors"))).click()
    expect(
        page.get_by_text(
            w.pattern(
                "You are already matched with %(name)s in this program, so you cannot ask "
                "someone else."
            )
        )
    ).to_be_visible()
    # Each mentor's card: who they are, what they offer, and why they fit, in words.
    first = page.locator(".recommendations > li").first
    expect(first.locator(".avatar")).to_have_attribute("aria-hidden", "true")
    expect(first.get_by_text(w.pattern("Why %(name)s fits you"))).to_be_visible()
    expect(first.locator(".reasons li").first).to_be_visible()
    for fact in ("Skills", "Languages", "Working hours shared", "Seats left"):
        expect(first.locator("dt", has_text=w(fact))).to_be_visible()
    # The languages a mentor works in, named in the reader's language.
    expect(first.locator("dd").filter(has_text=w.unchecked("English"))).to_be_visible()
    page.get_by_text(w("Why this match: the reasons")).first.click()
    expect(page.locator(".match-reasons").first).to_contain_text(w("the guide has a seat"))
    recommended = w(
        "Recommended %(guides)s for %(program)s", guides=w("mentors"), program=ENGINEERING
    )
    looked_at(page, w, recommended, f"{prefix}-recs")
    first.screenshot(path=str(ARTIFACTS / f"{prefix}-recs-card.png"))
    recommendations = page.url

    _main_nav(page, w, "Home")
    page.get_by_role("link", name=w("My match proposals")).click()
    expect(page.get_by_text(w("Nothing is waiting for your answer."))).to_be_visible()
    looked_at(page, w, w("My match proposals"), f"{prefix}-proposals")

    page.goto(f"{server}{checkin_path}")
    expect(page).to_have_title(w.pattern("Check-in for %(program)s", suffix=" · growpath"))
    expect(page.get_by_role("heading", level=1)).to_have_text(w.pattern("Check-in for %(program)s"))
    assert_in_language(page, w)
    assert_accessible(page)
    shot(page, f"{prefix}-checkin")
    page.get_by_role("group", name=w("Did you meet since the last check-in?")).get_by_label(
        w("Yes")
    ).check()
    page.get_by_role(
        "group", name=w("How satisfied are you with the relationship? (1 = not at all, 5 = very)")
    ).get_by_label("4").check()
    page.get_by_role(
        "group", name=w("How much progress are you making on your goals? (1 = none, 5 = a lot)")
    ).get_by_label("3").check()
    page.get_by_label(w("Anything else? (optional)")).fill("We met twice; good momentum.")
    # The program's own required question, after the pulse.
    page.get_by_role("group", name=w.pattern("%(question)s (required)")).get_by_role("radio").nth(
        3
    ).check()
    page.get_by_role("button", name=w("Send check-in")).click()
    expect(page.get_by_text(w("Thank you: your check-in is saved."))).to_be_visible()
    expect(page).to_have_title(f"{w('Home')} · growpath")

    _main_nav(page, w, "Privacy")
    looked_at(page, w, w("Privacy and my data"), f"{prefix}-privacy")
    consent = w(KINDS[MANAGER_TRAJECTORY])
    # The button's name ends in the consent for a screen reader: "Share: my manager sees…".
    page.get_by_role("button", name=_then(w("Share"), consent)).click()
    expect(page.get_by_text(w("Given: %(consent)s.", consent=consent))).to_be_visible()
    expect(page.get_by_role("button", name=_then(w("Stop sharing"), consent))).to_be_visible()
    assert_in_language(page, w)
    assert_accessible(page)
    shot(page, f"{prefix}-privacy-shared")
    with page.expect_download() as download:
        page.get_by_role("link", name=w("Download my data")).click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["account"]["email"] == email
    assert data["consents"][0]["granted"] is True

    # The check-in e-mail's link, followed while logged out, comes back after logging in.
    page.get_by_role("button", name=w("Log out"), exact=True).click()
    page.goto(f"{server}{checkin_path}")
    looked_at(page, w, w("Log in"), f"{prefix}-login")
    page.get_by_label(w("E-mail"), exact=True).fill(email)
    page.get_by_label(w("Password"), exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=w("Log in")).click()
    expect(
        page.get_by_text(w.pattern("You answered this check-in on %(day)s. Thank you."))
    ).to_be_visible()

    log_in(phone, server, email, DEMO_PASSWORD, words)
    looked_at(phone, w, w("Home"), f"{prefix}-home-phone")
    phone.goto(recommendations)
    looked_at(phone, w, recommended, f"{prefix}-recs-phone")
