"""E-mails as mail programs expect them: unique stable Message-IDs, escaped HTML, one-click
unsubscribe only on optional mail, and unsubscribe links nobody can forge."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from growpath.adapters.mail_messages import Envelope, Unsubscribe, compose, message_id
from growpath.adapters.unsubscribe_tokens import read_unsubscribe_token, unsubscribe_token
from growpath.domain.nudges import MailCategory, category_of
from tests.factories import plain_text

SITE = "https://growpath.example.com"
SECRET = "one-installations-secret-key-0123456789"
CREATED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def _envelope(subject: str = "Your growpath week") -> Envelope:
    return Envelope(
        sender="growpath@example.com",
        recipient="ada@example.com",
        subject=subject,
        date=CREATED,
        message_id=message_id(SECRET, 15, "digest:3:2027-W01", CREATED, "growpath.example.com"),
    )


def _html(body: str, unsubscribe: Unsubscribe | None = None) -> str:
    part = compose(_envelope(), body, SITE, unsubscribe, locale="en").get_body(
        preferencelist=("html",)
    )
    assert part is not None
    return str(part.get_content())


def test_two_installations_never_send_the_same_message_id() -> None:
    ours = message_id(SECRET, 15, "checkin:9", CREATED, "growpath.example.com")
    assert ours == message_id(SECRET, 15, "checkin:9", CREATED, "growpath.example.com")
    assert ours.startswith("<nudge-15.") and ours.endswith("@growpath.example.com>")
    theirs = message_id("another-installation-secret-0123456789", 15, "checkin:9", CREATED, "x.org")
    restored = message_id(SECRET, 15, "checkin:10", CREATED, "growpath.example.com")
    assert len({ours, theirs, restored}) == 3
    assert ours.split("@")[0] != theirs.split("@")[0]  # unique even under the same domain


def test_markup_in_a_nudge_reaches_the_html_part_only_as_text() -> None:
    body = (
        'Action due: <img src=x onerror="alert(1)"> & <a href="https://evil.example">click</a>\n'
        f"{SITE}/engagements/3"
    )
    html = _html(body)
    assert "<img" not in html and '<a href="https://evil.example"' not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; &lt;a href=" in html
    assert f'<a href="{SITE}/engagements/3">{SITE}/engagements/3</a>' in html


def test_a_look_alike_of_our_address_is_never_made_a_link() -> None:
    html = _html(f"See {SITE}.evil.example/login and {SITE}@evil.example/x or {SITE}/me/privacy.")
    assert html.count("<a ") == 1
    assert f'<a href="{SITE}/me/privacy">' in html  # the full stop is not part of the link


def test_a_nudge_is_plain_text_and_html_alternatives_with_lists_and_paragraphs() -> None:
    message = compose(_envelope(), "Here:\n\n- one\n- two\n\nBye", SITE, None, locale="en")
    assert message.get_content_type() == "multipart/alternative"
    assert plain_text(message) == "Here:\n\n- one\n- two\n\nBye\n"
    html = _html("Here:\n\n- one\n- two\n\nBye")
    assert "<li>one</li>" in html and "<p>Bye</p>" in html and '<html lang="en">' in html
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe"] is None


def test_optional_mail_carries_a_one_click_unsubscribe_header_and_footer_link() -> None:
    link = Unsubscribe(f"{SITE}/mail/unsubscribe/abc", "the weekly digest")
    message = compose(_envelope(), "News", SITE, link, locale="en")
    assert message["List-Unsubscribe"] == f"<{link.url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Turn it off: {link.url}" in plain_text(message)
    assert f'<a href="{link.url}"' in _html("News", link)


def test_a_line_break_in_a_subject_never_becomes_a_header() -> None:
    with pytest.raises(ValueError, match="linefeed"):
        compose(_envelope("Hi\r\nBcc: eve@example.com"), "x", SITE, None, locale="en")


@pytest.mark.parametrize(
    ("kind", "category"),
    [
        ("digest", MailCategory.DIGEST),
        ("checkin", MailCategory.REMINDERS),
        ("invitation", MailCategory.REMINDERS),  # a reminder to answer a match proposal
        ("incomplete_profile", MailCategory.REMINDERS),
        ("health.inactivity", MailCategory.REMINDERS),
        ("login_throttled", None),  # a security notice is essential
        ("password_reset", None),  # kinds nobody listed are essential
        ("account_invitation", None),
    ],
)
def test_only_optional_mail_can_be_turned_off(kind: str, category: MailCategory | None) -> None:
    assert category_of(kind) is category


def test_an_unsubscribe_link_cannot_be_forged_or_moved_to_another_person() -> None:
    token = unsubscribe_token(SECRET, 7, MailCategory.DIGEST)
    assert read_unsubscribe_token(SECRET, token) == (7, "digest")
    other_person = unsubscribe_token(SECRET, 8, MailCategory.DIGEST)
    spliced = other_person.split(".")[0] + "." + token.split(".")[1]
    assert read_unsubscribe_token(SECRET, spliced) is None
    assert read_unsubscribe_token("another-installation-secret-0123456789", token) is None
    assert read_unsubscribe_token(SECRET, "not-a-token") is None
