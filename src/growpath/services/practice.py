"""Managers who coach: log a weekly coaching conversation, keep a streak, hear back in aggregate.

The note of a conversation is sealed under its own data key, owned by the manager (erasing the
manager shreds it), and opened only for the manager who wrote it. A report answers one question
about each conversation logged with them; the manager sees the answers only through
`domain.practice.feedback`, over closed windows of at least k people.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from growpath.adapters.crypto import Sealed
from growpath.adapters.orm import PracticeAnswerRow, PracticeConversationRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import Conflict, InvalidInput, NotFound, Problem
from growpath.domain.practice import (
    MAX_DAYS_BACK,
    ORGANISATION,
    Adoption,
    Feedback,
    answer_score,
    conversation_input,
    feedback,
    practised_this_week,
    streak,
    week_of,
    week_start,
)
from growpath.i18n import N_
from growpath.services.adoption import publish_adoption
from growpath.services.audit import record_read
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import Context, local_today
from growpath.services.mail_language import mail_translator
from growpath.services.nudges import queue_nudge
from growpath.services.sealing import open_text, seal_text

TARGET = "practice_conversation"


@dataclass(frozen=True)
class ConversationView:
    """A conversation as its manager sees it: with whom, when, the stages and their own note."""

    id: int
    report_person_id: int
    report_name: str
    held_on: date
    stages: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class StreakView:
    """A manager's weekly commitment: consecutive weeks kept, and whether this one is done."""

    weeks: int
    this_week: bool
    conversations: int


@dataclass(frozen=True)
class ReportView:
    """One of the manager's current reports."""

    person_id: int
    name: str


@dataclass(frozen=True)
class QuestionView:
    """A conversation the report may still say something about."""

    conversation_id: int
    manager_name: str
    held_on: date


@dataclass(frozen=True)
class PracticePage:
    """Everything the manager's practice page shows."""

    reports: tuple[ReportView, ...]
    streak: StreakView
    conversations: tuple[ConversationView, ...]
    feedback: Feedback
    k: int
    today: date


NOT_YOURS = N_("is not one of the people who report to you")


def _today(uow: UnitOfWork, ctx: Context, person_id: int) -> date:
    person = uow.people.get(person_id)
    return local_today(ctx.now, person.timezone if person is not None else "UTC")


def _stages(text: str) -> tuple[str, ...]:
    return tuple(s for s in text.split(",") if s)


def log_conversation(
    ctx: Context,
    report_person_id: object,
    held_on: object,
    stages: Iterable[object],
    note: object,
) -> ConversationView:
    """Log a coaching conversation with one of the actor's current reports."""
    manager = ctx.actor.person_id
    if manager is None:
        # An account that is no person of the organisation has nobody reporting to it.
        raise InvalidInput([Problem(NOT_YOURS, "report_person_id")])
    with ctx.uow() as uow:
        today = _today(uow, ctx, manager)
        report_id, day, covered, text = conversation_input(
            report_person_id, held_on, stages, note, today
        )
        reports = {row.id: row.name for row in uow.people.reports_of(manager)}
        if report_id not in reports:
            raise InvalidInput([Problem(NOT_YOURS, "report_person_id")])
        row = PracticeConversationRow(
            manager_person_id=manager,
            report_person_id=report_id,
            held_on=day,
            stages=",".join(covered),
            created_at=ctx.now,
        )
        uow.practice.add(row)
        if text:
            key_id, sealed = seal_text(uow, ctx, text, _context(row.id), manager)
            row.data_key_id, row.nonce, row.ciphertext = key_id, sealed.nonce, sealed.ciphertext
        uow.audit.record(
            ctx.now, ctx.actor_user_id, "practice.log", TARGET, str(row.id), ctx.source_address
        )
        uow.commit()
        return ConversationView(row.id, report_id, reports[report_id], day, covered, text)


def _context(conversation_id: int) -> str:
    # Bound into the sealing: a note copied onto another conversation does not open.
    return f"practice:{conversation_id}"


def my_conversations(ctx: Context) -> list[ConversationView]:
    """Return the actor's own logged conversations with their notes, newest first."""
    manager = ctx.actor.person_id
    if manager is None:
        return []
    with ctx.uow() as uow:
        views = _conversations(uow, ctx, manager)
        record_read(uow, ctx, "practice.read", "person", manager)
        uow.commit()
        return views


def _conversations(uow: UnitOfWork, ctx: Context, manager: int) -> list[ConversationView]:
    views = []
    for row, name, key in uow.practice.of_manager(manager):
        note = ""
        if key is not None and key.wrapped_key is not None and row.nonce and row.ciphertext:
            sealed = Sealed(key.kek_id, key.wrapped_key, row.nonce, row.ciphertext)
            note = open_text(ctx, sealed, _context(row.id))
        views.append(
            ConversationView(
                row.id, row.report_person_id, name, row.held_on, _stages(row.stages), note
            )
        )
    return views


def my_streak(ctx: Context) -> StreakView:
    """Return the actor's streak of consecutive weeks with a coaching conversation."""
    manager = ctx.actor.person_id
    if manager is None:
        return StreakView(0, False, 0)
    with ctx.uow() as uow:
        return _streak(uow.practice.days_of(manager), _today(uow, ctx, manager))


def _streak(days: list[date], today: date) -> StreakView:
    return StreakView(streak(days, today), practised_this_week(days, today), len(days))


def my_feedback(ctx: Context) -> Feedback:
    """Return what the actor's reports answered, only over closed windows of k people."""
    manager = ctx.actor.person_id
    if manager is None:
        return feedback([], ctx.app.settings.report_min_group)
    with ctx.uow() as uow:
        return feedback(uow.practice.answers_about(manager), ctx.app.settings.report_min_group)


def practice_page(ctx: Context) -> PracticePage:
    """Return the actor's practice page: reports, streak, conversations and feedback."""
    manager = ctx.actor.person_id
    k = ctx.app.settings.report_min_group
    if manager is None:
        return PracticePage((), StreakView(0, False, 0), (), feedback([], k), k, ctx.now.date())
    with ctx.uow() as uow:
        today = _today(uow, ctx, manager)
        reports = tuple(ReportView(pid, name) for pid, name in uow.people.reports_of(manager))
        views = _conversations(uow, ctx, manager)
        page = PracticePage(
            reports,
            _streak([v.held_on for v in views], today),
            tuple(views),
            feedback(uow.practice.answers_about(manager), k),
            k,
            today,
        )
        record_read(uow, ctx, "practice.read", "person", manager)
        uow.commit()
        return page


def questions_for_me(ctx: Context) -> list[QuestionView]:
    """Return the recent conversations logged with the actor that they have not answered."""
    with ctx.uow() as uow:
        return questions_of(uow, ctx)


def questions_of(uow: UnitOfWork, ctx: Context) -> list[QuestionView]:
    """Return, inside a unit of work, the questions waiting for the actor (Home reads them)."""
    if ctx.actor.person_id is None:
        return []
    # One query on the busiest page: the window is counted from today in UTC, a day either
    # way of the actor's own today.
    since = ctx.now.date() - timedelta(days=MAX_DAYS_BACK)
    return [
        QuestionView(cid, name, day)
        for cid, day, name in uow.practice.unanswered_for(ctx.actor.person_id, since)
    ]


def answer(ctx: Context, conversation_id: int, score: object) -> None:
    """Answer "asked or told?" about a conversation logged with the actor, once."""
    value = answer_score(score)
    with ctx.uow() as uow:
        row = uow.practice.get(conversation_id)
        me = ctx.actor.person_id
        if row is None or me is None or row.report_person_id != me:
            # The same answer whether it exists or not: nobody else learns it was logged.
            raise NotFound(N_("no conversation %(id)s to answer"), id=conversation_id)
        if uow.practice.answer_of(row.id) is not None:
            raise Conflict(N_("you already answered about this conversation"))
        with uow.racing(N_("you already answered about this conversation")):
            uow.practice.add_answer(
                PracticeAnswerRow(conversation_id=row.id, score=value, answered_at=ctx.now)
            )
        # No id and no score: the trail says an answer was given, never about whom or what.
        uow.audit.record(ctx.now, ctx.actor_user_id, "practice.answer", TARGET)
        uow.commit()


def nudge_missed_weeks(app: Growpath) -> int:
    """Nudge each manager who took up the weekly commitment and logged nothing last week."""
    now = app.clock.now()
    queued = 0
    with app.uow() as uow:
        committed = uow.practice.first_days()
        since = now.date() - timedelta(days=15)
        days: dict[int, list[date]] = {}
        for manager, day in uow.practice.days_since(since):
            days.setdefault(manager, []).append(day)
        for manager, email, zone in uow.practice.managers():
            last_week = week_start(local_today(now, zone)) - timedelta(weeks=1)
            # Weeks before a manager took up the commitment are not missed ones.
            if manager not in committed or last_week < week_start(committed[manager]):
                continue
            if last_week in {week_start(d) for d in days.get(manager, [])}:
                continue
            year, week = week_of(last_week)
            _ = mail_translator(uow, app.settings, email)
            queued += queue_nudge(
                uow,
                dedupe_key=f"practice:{manager}:{year}-W{week:02d}",
                kind="practice",
                recipient_email=email,
                subject=_("A coaching conversation this week?"),
                body=(
                    _(
                        "Last week passed without a coaching conversation logged. One short "
                        "conversation with someone on your team counts: ask what they want, "
                        "where things stand, what they could do and what they will do."
                    )
                    + "\n"
                    + _("Log it here: %(link)s", link=app.settings.page_url("/practice"))
                    + "\n"
                    + _(
                        "A refresher on asking rather than telling: %(link)s",
                        link=app.settings.page_url("/learn"),
                    )
                    + "\n"
                ),
                due_at=now,
                now=now,
            )
        uow.commit()
    return queued


def adoption_report(ctx: Context) -> list[Adoption]:
    """Return, for each of the last four weeks, the share of managers who practised (admins).

    The figures are the published ones, moving only when k or more managers changed
    (growpath.services.adoption).
    """
    ctx.require_org_admin(
        N_("only an organisation administrator may see how many managers practise coaching")
    )
    k = ctx.app.settings.report_min_group
    with ctx.uow() as uow:
        managers = [row[0] for row in uow.practice.managers()]
        figures = publish_adoption(uow, ORGANISATION, managers, ctx.now.date(), k)
        record_read(uow, ctx, "practice.adoption", "organisation", 0)
        uow.commit()
    return figures
