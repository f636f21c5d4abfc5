"""Lessons on SQLite and PostgreSQL: the author's data export holds them, erasure removes them
with the follows, and a follow raced twice is stored once."""

from __future__ import annotations

import json

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services import lessons, personal_data
from tests.conftest import make_account
from tests.factories import at_once
from tests.integration.conftest import Pair

STORY = "I answered every question at once, until my mentee stopped bringing me any."


def _publish(pair: Pair) -> int:
    return lessons.publish_lesson(
        pair.mentor, "Ask first", STORY, "Ask what they tried.", ["feedback"]
    ).id


def test_the_author_downloads_their_lessons_and_a_follower_whom_they_follow(
    running_pair: Pair,
) -> None:
    _publish(running_pair)
    assert running_pair.mentor.actor.person_id is not None
    lessons.follow_mentor(running_pair.mentee, running_pair.mentor.actor.person_id)
    mentor_data = personal_data.export_my_data(running_pair.mentor)
    assert STORY in json.dumps(mentor_data, default=str)
    mentee_data = personal_data.export_my_data(running_pair.mentee)
    assert [m["person_id"] for m in mentee_data["followed_mentors"]] == [
        running_pair.mentor.actor.person_id
    ]
    assert mentee_data["lessons"] == []


def test_erasing_an_author_removes_their_lessons_and_follows(
    app: Growpath, running_pair: Pair
) -> None:
    lesson_id = _publish(running_pair)
    mentor_id = running_pair.mentor.actor.person_id
    assert mentor_id is not None
    lessons.follow_mentor(running_pair.mentee, mentor_id)
    org_admin = make_account(app, "root@example.com", Role.ORG_ADMIN)
    assert personal_data.erase_person(org_admin, mentor_id)["lessons_removed"] == 1
    assert lessons.list_lessons(running_pair.mentee).lessons == ()
    assert lessons.followed_mentors(running_pair.mentee) == []
    with app.uow() as uow:
        assert uow.lessons.get(lesson_id) is None


def test_following_a_mentor_twice_at_once_stores_one_follow(running_pair: Pair) -> None:
    _publish(running_pair)
    mentor_id = running_pair.mentor.actor.person_id
    assert mentor_id is not None
    outcomes = at_once(*(lambda: lessons.follow_mentor(running_pair.mentee, mentor_id),) * 2)
    assert outcomes == ["done", "done"]
    (mentor,) = lessons.followed_mentors(running_pair.mentee)
    assert mentor.followers == 1
