"""Meeting room addresses: any text gets an answer (a reason or None), never an exception."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from growpath.domain.errors import InvalidInput
from growpath.domain.meeting_links import jitsi_room, meeting_url, room_url, room_url_problem


@given(st.text(max_size=600))
def test_any_text_is_judged_without_an_exception(text: str) -> None:
    problem = room_url_problem(text)
    assert problem is None or problem.reason.startswith("must")


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=80).map(lambda s: "https://" + s))
def test_an_accepted_address_is_https_with_a_host_and_no_markup(text: str) -> None:
    if room_url_problem(text) is None:
        assert text.startswith("https://")
        assert not set(text) & set(' "<>`{}|\\^\r\n\t')


@pytest.mark.parametrize(
    "url",
    [
        "https://zoom.us/j/123456789?pwd=abc",
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0",
        "https://meet.google.com/abc-defg-hij",
        "https://meet.example.com:8443/room",
    ],
)
def test_the_rooms_of_zoom_teams_and_meet_are_accepted(url: str) -> None:
    assert room_url(f" {url} ") == url


def test_a_bad_room_names_the_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        room_url("http://zoom.us/j/1")
    assert [p.field for p in refused.value.problems] == ["meeting_room_url"]


def test_each_setting_gives_its_link() -> None:
    base = "https://jitsi.example.com/"
    assert jitsi_room(base, "ab12") == "https://jitsi.example.com/growpath-ab12"
    room = "https://zoom.us/j/1"
    assert meeting_url("jitsi", jitsi_base=base, token="ab12", guide_room=room).endswith("ab12")
    assert meeting_url("guide_room", jitsi_base=base, token="ab12", guide_room=room) == room
    assert meeting_url("none", jitsi_base=base, token="ab12", guide_room=room) == ""
