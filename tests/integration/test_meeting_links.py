"""Meeting links: the program's setting reaches each invite's LOCATION, URL and description."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import vobject
from sqlalchemy import text

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.errors import InvalidInput, NotFound
from growpath.services import calendar_feeds, engagements, meeting_links, programs, sessions
from growpath.services.calendar_feeds import feed_calendar
from growpath.services.engagement_page import engagement_page
from tests.factories import RecordingMailer
from tests.integration.conftest import Pair
from tests.integration.test_session_invites import _calendar_parts, _delivered

ZOOM = "https://zoom.us/j/123456789?pwd=abc"


def _use(pair: Pair, mode: str) -> None:
    program_id = engagements.get_engagement(pair.admin, pair.engagement_id).program_id
    assert (
        programs.update_program(pair.admin, program_id, {"meeting_link": mode}).meeting_link == mode
    )


def _event(ics: bytes | str) -> vobject.base.Component:
    """Read an invite the way other calendar programs do (vobject), and return its event."""
    calendar = vobject.readOne(ics.decode() if isinstance(ics, bytes) else ics)
    (event,) = calendar.vevent_list
    return event


def _schedule(pair: Pair, clock: FixedClock, place: str = "") -> int:
    when = clock.now() + timedelta(days=2)
    return sessions.schedule(pair.mentee, pair.engagement_id, when, 45, place).id


def test_a_jitsi_program_writes_the_pairs_own_room_into_location_url_and_description(
    running_pair: Pair, clock: FixedClock, app: Growpath
) -> None:
    _use(running_pair, "jitsi")
    session_id = _schedule(running_pair, clock)

    event = _event(sessions.invite(running_pair.mentor, session_id))

    room = event.url.value
    assert re.fullmatch(r"https://meet\.jit\.si/growpath-[0-9a-f]{32}", room)
    assert event.location.value == room
    assert f"Join online: {room}" in event.description.value
    # The same room for every session of the pair, and for both of them.
    again = _event(sessions.invite(running_pair.mentee, _schedule(running_pair, clock)))
    assert again.url.value == room
    assert meeting_links.meeting_link(running_pair.mentee, running_pair.engagement_id) == room


def test_the_engagement_page_names_a_jitsi_room_first_and_keeps_it_for_the_invites(
    running_pair: Pair, clock: FixedClock
) -> None:
    _use(running_pair, "jitsi")

    work = engagement_page(running_pair.mentee, running_pair.engagement_id).work
    assert work is not None
    room = work.meeting_url
    assert re.fullmatch(r"https://meet\.jit\.si/growpath-[0-9a-f]{32}", room)
    # Stored by the page's own unit of work: the next view, the other member and the
    # invites all name the same room.
    again = engagement_page(running_pair.mentor, running_pair.engagement_id).work
    assert again is not None and again.meeting_url == room
    assert (
        _event(sessions.invite(running_pair.mentor, _schedule(running_pair, clock))).url.value
        == room
    )


def test_a_place_set_for_the_session_stays_its_location_and_the_link_goes_along(
    running_pair: Pair, clock: FixedClock
) -> None:
    _use(running_pair, "jitsi")

    event = _event(sessions.invite(running_pair.mentor, _schedule(running_pair, clock, "Room 4")))

    assert event.location.value == "Room 4"
    assert event.url.value.startswith("https://meet.jit.si/growpath-")
    assert event.url.value in event.description.value


def test_the_guides_own_room_reaches_the_invite_the_mail_and_the_feed(
    running_pair: Pair, clock: FixedClock, app: Growpath, mailer: RecordingMailer
) -> None:
    _use(running_pair, "guide_room")
    assert meeting_links.set_my_meeting_room(running_pair.mentor, f"  {ZOOM} ") == ZOOM
    # The mentee's own room is not the one: the guide's is.
    meeting_links.set_my_meeting_room(running_pair.mentee, "https://teams.example.com/mentee")

    session_id = _schedule(running_pair, clock)

    event = _event(sessions.invite(running_pair.mentee, session_id))
    assert (event.location.value, event.url.value) == (ZOOM, ZOOM)
    mails = _delivered(app, mailer)
    assert len(mails) == 2
    for mail in mails:
        calendar_part, attachment = _calendar_parts(mail)
        assert _event(calendar_part.get_content()).url.value == ZOOM
        assert _event(attachment.get_content()).location.value == ZOOM
        body = mail.get_body(("plain",))
        assert body is not None and f"Join online: {ZOOM}" in body.get_content()
    url = calendar_feeds.create_feed(running_pair.mentee).url
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    fed = vobject.readOne(feed_calendar(app, token, "test").decode())
    assert [e.url.value for e in fed.vevent_list] == [ZOOM]


def test_without_a_meeting_link_the_invite_has_no_url_or_description(
    running_pair: Pair, clock: FixedClock
) -> None:
    event = _event(sessions.invite(running_pair.mentor, _schedule(running_pair, clock)))

    assert not hasattr(event, "url") and not hasattr(event, "description")
    assert not hasattr(event, "location")
    assert meeting_links.meeting_link(running_pair.mentee, running_pair.engagement_id) == ""


def test_a_guide_room_program_whose_guide_has_no_room_writes_no_link(
    running_pair: Pair, clock: FixedClock
) -> None:
    _use(running_pair, "guide_room")

    event = _event(sessions.invite(running_pair.mentor, _schedule(running_pair, clock)))

    assert not hasattr(event, "url")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://zoom.us/j/1", "must start with https://"),
        ("javascript:alert(1)", "must start with https://"),
        ("https://zoom.us/j/1 onclick=x", "without spaces, quotes or angle brackets"),
        ('https://zoom.us/"><script>', "without spaces, quotes or angle brackets"),
        ("https://user:pw@zoom.us/j/1", "must not carry a user name or password"),
        ("https://localhost/j/1", "must name the meeting service's host"),
        ("https://zoom.us/j/1\r\nBcc: x@example.com", "control characters"),
        ("https://zoom.us/" + "a" * 500, "at most 500 characters"),
    ],
)
def test_a_bad_meeting_room_address_is_refused_naming_the_field_and_changes_nothing(
    running_pair: Pair, url: str, reason: str
) -> None:
    meeting_links.set_my_meeting_room(running_pair.mentor, ZOOM)

    with pytest.raises(InvalidInput) as refused:
        meeting_links.set_my_meeting_room(running_pair.mentor, url)

    (problem,) = refused.value.problems
    assert problem.field == "meeting_room_url" and reason in problem.reason
    assert meeting_links.my_meeting_room(running_pair.mentor) == ZOOM


def test_an_unknown_meeting_link_setting_is_refused_naming_the_field(running_pair: Pair) -> None:
    program_id = engagements.get_engagement(
        running_pair.admin, running_pair.engagement_id
    ).program_id

    with pytest.raises(InvalidInput) as refused:
        programs.update_program(running_pair.admin, program_id, {"meeting_link": "skype"})

    assert [p.field for p in refused.value.problems] == ["meeting_link"]
    assert programs.get_program(running_pair.admin, program_id).meeting_link == "none"


def test_an_admin_gets_no_meeting_link_of_a_pair(running_pair: Pair) -> None:
    _use(running_pair, "jitsi")

    with pytest.raises(NotFound):
        meeting_links.meeting_link(running_pair.admin, running_pair.engagement_id)


def test_the_room_name_and_the_guides_room_are_sealed_at_rest(
    running_pair: Pair, clock: FixedClock, app: Growpath
) -> None:
    _use(running_pair, "jitsi")
    room = meeting_links.meeting_link(running_pair.mentee, running_pair.engagement_id)
    meeting_links.set_my_meeting_room(running_pair.mentor, ZOOM)

    with app.engine.connect() as connection:
        tokens = connection.execute(text("SELECT meeting_token FROM engagements")).scalars().all()
        rooms = connection.execute(text("SELECT meeting_room_url FROM people")).scalars().all()

    token = room.rsplit("-", 1)[1]
    assert all(token not in stored for stored in tokens)
    assert any(stored.startswith("gp1:") for stored in tokens)
    assert all("zoom.us" not in stored for stored in rooms)
