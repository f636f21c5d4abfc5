"""Pulse check-ins: scheduled per program, answered by each member, comments encrypted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from growpath.adapters.orm import CheckInRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.checkins import MAX_ANSWER, MIN_ANSWER
from growpath.domain.errors import Conflict, InvalidInput, NotFound, Problem
from growpath.domain.programs import CHECKIN_DEFAULTS
from growpath.domain.text import paragraphs
from growpath.i18n import N_
from growpath.services.checkin_questions import asked_in, checked_answers, store_answers
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import Context
from growpath.services.mail_language import mail_translator
from growpath.services.nudges import queue_nudge
from growpath.services.sealing import seal_text

MAX_COMMENT = 4000


@dataclass(frozen=True)
class CheckInView:
    """A check-in waiting for (or given) an answer; the comment is never shown to others."""

    id: int
    engagement_id: int
    program_name: str
    due_on: date
    answered_at: datetime | None


def latest_due(started_on: date, today: date, first_after: int, every: int) -> date | None:
    """Return the most recent check-in date on or before today, if any is due yet."""
    first = started_on + timedelta(days=first_after)
    if today < first:
        return None
    return first + timedelta(days=every * ((today - first).days // every))


def schedule_checkins(app: Growpath) -> int:
    """Create each running pair's latest due check-in and e-mail it; return how many."""
    now = app.clock.now()
    created = 0
    with app.uow() as uow:
        for engagement, program in uow.checkins.running_engagements():
            if engagement.starts_on is None:
                continue
            schedule = program.checkin_schedule or {}
            due = latest_due(
                engagement.starts_on,
                now.date(),
                int(schedule.get("first_after_days", CHECKIN_DEFAULTS["first_after_days"])),
                int(schedule.get("every_days", CHECKIN_DEFAULTS["every_days"])),
            )
            if due is None:
                continue
            for person_id, email in uow.checkins.recipients(engagement.id):
                if uow.checkins.is_due_for(engagement.id, person_id, due):
                    continue
                row = CheckInRow(engagement_id=engagement.id, person_id=person_id, due_on=due)
                uow.checkins.add(row)
                _ = mail_translator(uow, app.settings, email)
                queue_nudge(
                    uow,
                    dedupe_key=f"checkin:{row.id}",
                    kind="checkin",
                    recipient_email=email,
                    subject=_(
                        "How is %(program)s going? (2-minute check-in)", program=program.name
                    ),
                    body=(
                        _("Did you meet since the last check-in, and how is it going?")
                        + "\n"
                        + _(
                            "Answer it in growpath (two minutes; your comment stays private): "
                            "%(link)s",
                            link=app.settings.page_url(f"/checkins/{row.id}"),
                        )
                        + "\n"
                    ),
                    due_at=now,
                    now=now,
                )
                created += 1
        uow.commit()
    return created


def my_checkins(ctx: Context) -> Sequence[CheckInView]:
    """Return the actor's check-ins, unanswered first."""
    with ctx.uow() as uow:
        return checkins_of(uow, ctx.actor.person_id)


def checkins_of(uow: UnitOfWork, person_id: int | None) -> list[CheckInView]:
    """Return a person's check-ins, unanswered first, inside a unit of work."""
    return [CheckInView(*row) for row in uow.checkins.of_person(person_id)]


def answer_checkin(
    ctx: Context,
    checkin_id: int,
    met_since_last: bool,
    satisfaction: int,
    progress: int,
    comment: str = "",
    answers: Mapping[int, object] | None = None,
) -> CheckInView:
    """Answer one of the actor's check-ins, the program's own questions too (by question id);
    the comment and text answers are encrypted at rest."""
    problems = [
        Problem.of(
            N_("must be a whole number %(least)s–%(most)s"), name, least=MIN_ANSWER, most=MAX_ANSWER
        )
        for name, value in (("satisfaction", satisfaction), ("progress", progress))
        if isinstance(value, bool)
        or not isinstance(value, int)
        or not MIN_ANSWER <= value <= MAX_ANSWER
    ]
    if len(comment) > MAX_COMMENT:
        problems.append(
            Problem.of(N_("is longer than %(most)s characters"), "comment", most=MAX_COMMENT)
        )
    paragraphs(comment, "comment", problems)
    with ctx.uow() as uow:
        row = uow.checkins.get(checkin_id)
        if row is None or row.person_id != ctx.actor.person_id:
            raise NotFound(N_("no check-in with id %(id)s for you"), id=checkin_id)
        if row.answered_at is not None:
            raise Conflict(
                N_("check-in %(id)s was answered on %(day)s"),
                id=checkin_id,
                day=f"{row.answered_at:%Y-%m-%d}",
            )
        questions = asked_in(uow, row)
        custom = checked_answers(questions, answers or {}, problems)
        if problems:
            raise InvalidInput(problems)
        row.met_since_last, row.satisfaction, row.progress = met_since_last, satisfaction, progress
        row.answered_at = ctx.now
        if comment.strip():
            key_id, sealed = seal_text(
                uow, ctx, comment.strip(), f"checkin:{row.id}", row.person_id
            )
            row.comment_data_key_id, row.comment_nonce = key_id, sealed.nonce
            row.comment_ciphertext = sealed.ciphertext
        store_answers(uow, row, questions, custom, ctx.now)
        program = uow.checkins.program_name(row)
        # Neither who, nor which check-in, nor from where: an admin who read "X answered" between
        # two reports would know whose answer moved them (docs/security.md, reports over time).
        uow.audit.record(ctx.now, None, "checkin.answer", "checkin")
        # The same check-in sent twice at once: one answer stands, the other is told so.
        with uow.racing(
            N_("check-in %(id)s was answered at the same moment; reload it"), id=checkin_id
        ):
            uow.commit()
        return CheckInView(row.id, row.engagement_id, program, row.due_on, row.answered_at)
