"""Reflection between sessions: the prompt a held session raises, the private journal and
the prepare-for-next-session view, on both databases, against every role that must not read."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import NudgeRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict, InvalidInput, NotFound
from growpath.services import goals, mail_preferences, nudges, personal_data, reflection, sessions
from growpath.services.context import Context
from tests.conftest import make_account
from tests.factories import RecordingMailer, plain_text, started_engagement
from tests.integration.conftest import Pair
from tests.integration.test_notes_at_rest import raw_database

ACTION = "Ask Dana-Quokka for the budget"
SECRET = "I froze when the Quokka-review came up"


def _hold(pair: Pair, clock: FixedClock) -> int:
    session = sessions.schedule(pair.mentor, pair.engagement_id, clock.now() + timedelta(hours=1))
    sessions.hold(
        pair.mentor,
        session.id,
        actions=[
            {
                "description": ACTION,
                "owner_person_id": pair.mentee.actor.person_id,
                "due_on": clock.now().date() + timedelta(days=4),
            }
        ],
        themes=["feedback"],
    )
    return session.id


def _outbox(app: Growpath, kind: str) -> int:
    with app.uow() as uow:
        return int(uow.session.scalar(select(func.count()).where(NudgeRow.kind == kind)) or 0)


def test_a_held_session_prompts_its_participant_once_with_their_own_commitment(
    app: Growpath, running_pair: Pair, clock: FixedClock, mailer: RecordingMailer
) -> None:
    session_id = _hold(running_pair, clock)
    (prompt,) = reflection.my_prompts(running_pair.mentee)
    assert prompt.session_id == session_id
    assert f"You committed to “{ACTION}” by" in prompt.questions[0]
    assert "what would make it easier?" in prompt.questions[0]
    assert reflection.my_prompts(running_pair.mentor) == []  # the guide keeps session notes
    with pytest.raises(Conflict):
        sessions.hold(running_pair.mentor, session_id)
    with app.uow() as uow:  # a late or repeated run of the step adds nothing
        row = uow.sessions.get(session_id)
        assert row is not None
        ctx = running_pair.mentor
        assert reflection.prompt_after_hold(uow, ctx, row) == 0
        uow.commit()
    assert _outbox(app, "reflection") == 1
    nudges.deliver_due_nudges(app)
    nudges.deliver_due_nudges(app)
    sent = [m for m in mailer.sent if "reflect" in str(m["Subject"])]
    assert [m["To"] for m in sent] == ["person13@example.com"]


def test_the_reflection_mail_carries_no_action_goal_or_theme_text(
    app: Growpath, running_pair: Pair, clock: FixedClock, mailer: RecordingMailer
) -> None:
    goals.add_goal(
        running_pair.mentee,
        running_pair.engagement_id,
        {
            "title": "Quokka-promotion",
            "measure": "talks",
            "target_value": 2,
            "due_on": clock.now().date() + timedelta(days=90),
        },
    )
    _hold(running_pair, clock)
    nudges.deliver_due_nudges(app)
    (mail,) = [m for m in mailer.sent if "reflect" in str(m["Subject"])]
    text = plain_text(mail) + str(mail["Subject"])
    assert "Quokka" not in text and "Feedback" not in text
    assert "/journal?prompt=" in text


def test_a_participant_who_turned_reminders_off_sees_the_prompt_but_gets_no_mail(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    mail_preferences.set_reminders(running_pair.mentee, opt_out=True)
    _hold(running_pair, clock)
    assert len(reflection.my_prompts(running_pair.mentee)) == 1
    assert _outbox(app, "reflection") == 0


def test_answering_a_prompt_keeps_the_entry_sealed_and_private_until_shared(
    running_pair: Pair, clock: FixedClock
) -> None:
    _hold(running_pair, clock)
    (prompt,) = reflection.my_prompts(running_pair.mentee)
    entry = reflection.write_entry(
        running_pair.mentee, running_pair.engagement_id, SECRET, prompt_id=prompt.id
    )
    assert reflection.my_prompts(running_pair.mentee) == []  # answered
    assert [e.text for e in reflection.my_journal(running_pair.mentee)] == [SECRET]
    guide_view = reflection.prepare(running_pair.mentor, running_pair.engagement_id)
    assert guide_view.reflections == ()
    reflection.share_entry(running_pair.mentee, entry.id, shared=True)
    guide_view = reflection.prepare(running_pair.mentor, running_pair.engagement_id)
    assert [e.text for e in guide_view.reflections] == [SECRET]
    reflection.share_entry(running_pair.mentee, entry.id, shared=False)
    assert reflection.prepare(running_pair.mentor, running_pair.engagement_id).reflections == ()
    own = reflection.prepare(running_pair.mentee, running_pair.engagement_id)
    assert [e.text for e in own.reflections] == [SECRET]


def test_the_authors_data_export_carries_their_journal_and_nobody_elses(
    running_pair: Pair,
) -> None:
    reflection.write_entry(running_pair.mentee, running_pair.engagement_id, SECRET, shared=True)
    mine = personal_data.export_my_data(running_pair.mentee)
    assert [e["text"] for e in mine["journal"]] == [SECRET]
    assert SECRET not in str(personal_data.export_my_data(running_pair.mentor))


def test_journal_text_is_not_in_the_raw_database(
    engine: Engine, running_pair: Pair, tmp_path: Path
) -> None:
    reflection.write_entry(running_pair.mentee, running_pair.engagement_id, SECRET, shared=True)
    raw = raw_database(engine, tmp_path)
    assert b"Quokka" not in raw


def test_erasing_the_author_shreds_their_journal(
    app: Growpath, running_pair: Pair, operator: Context
) -> None:
    reflection.write_entry(running_pair.mentee, running_pair.engagement_id, SECRET, shared=True)
    org_admin = make_account(app, "person11@example.com", Role.ORG_ADMIN)
    person_id = running_pair.mentee.actor.person_id
    assert person_id is not None
    personal_data.erase_person(org_admin, person_id)
    assert reflection.prepare(running_pair.mentor, running_pair.engagement_id).reflections == ()


@pytest.mark.parametrize("who", ["admin", "org_admin", "manager", "outsider", "other_guide"])
def test_nobody_outside_the_pair_reads_a_shared_journal_entry(
    app: Growpath, running_pair: Pair, clock: FixedClock, who: str
) -> None:
    entry = reflection.write_entry(
        running_pair.mentee, running_pair.engagement_id, SECRET, shared=True
    )
    others = {
        "admin": lambda: running_pair.admin,
        "org_admin": lambda: make_account(app, "person11@example.com", Role.ORG_ADMIN),
        "manager": lambda: make_account(app, "person4@example.com"),
        "outsider": lambda: make_account(app, "person3@example.com"),
        "other_guide": lambda: _other_guide(app, running_pair),
    }
    ctx = others[who]()
    with pytest.raises(NotFound):
        reflection.prepare(ctx, running_pair.engagement_id)
    with pytest.raises(NotFound):
        reflection.share_entry(ctx, entry.id, shared=False)
    assert all(SECRET not in e.text for e in reflection.my_journal(ctx))
    with pytest.raises(NotFound):  # nor write into someone else's engagement
        reflection.write_entry(ctx, running_pair.engagement_id, "mine now")


def _other_guide(app: Growpath, pair: Pair) -> Context:
    mentee = make_account(app, "person14@example.com")
    guide = make_account(app, "person18@example.com")
    started_engagement(pair.admin, mentee, guide, program_name="Second circle")
    return guide


def test_the_guide_cannot_share_or_unshare_the_participants_entry(
    running_pair: Pair,
) -> None:
    entry = reflection.write_entry(running_pair.mentee, running_pair.engagement_id, SECRET)
    with pytest.raises(NotFound):
        reflection.share_entry(running_pair.mentor, entry.id, shared=True)
    with pytest.raises(InvalidInput) as refused:
        reflection.write_entry(running_pair.mentor, running_pair.engagement_id, "my reflection")
    assert [p.field for p in refused.value.problems] == ["engagement_id"]


def test_bad_journal_input_is_refused_naming_the_field_and_changes_nothing(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    _hold(running_pair, clock)
    (prompt,) = reflection.my_prompts(running_pair.mentee)
    cases = [
        ("   ", None, "text"),
        ("x" * 10_001, None, "text"),
        ("a\x00b", None, "text"),
        ("fine", prompt.id + 999, "prompt_id"),
    ]
    for text, prompt_id, field in cases:
        with pytest.raises(InvalidInput) as refused:
            reflection.write_entry(
                running_pair.mentee, running_pair.engagement_id, text, prompt_id=prompt_id
            )
        assert [p.field for p in refused.value.problems] == [field]
    assert reflection.my_journal(running_pair.mentee) == []
    assert len(reflection.my_prompts(running_pair.mentee)) == 1


def test_the_prepare_view_shows_actions_goals_with_their_latest_reading_and_questions(
    running_pair: Pair, clock: FixedClock
) -> None:
    goal = goals.add_goal(
        running_pair.mentee,
        running_pair.engagement_id,
        {
            "title": "Lead reviews",
            "measure": "reviews",
            "target_value": 3,
            "due_on": clock.now().date() + timedelta(days=90),
        },
    )
    goals.record_measurement(running_pair.mentee, goal.id, clock.now().date(), 1)
    goals.record_measurement(running_pair.mentee, goal.id, clock.now().date(), 2)
    _hold(running_pair, clock)
    view = reflection.prepare(running_pair.mentor, running_pair.engagement_id)
    assert [(a.description, a.done) for a in view.actions] == [(ACTION, False)]
    assert [(g.title, g.latest_value) for g in view.goals] == [("Lead reviews", 2.0)]
    assert view.questions[0] == f"What happened with “{ACTION}” since you last met?"
    assert len(view.questions) == 4
    assert view.last_held_at is not None
