"""Admins act on a pair the health board shows: nudge it, write to it, or re-match it.

An admin sees a pair's state and health, never its content; these actions carry only what
the admin writes or what the health board already says, to the pair's own members.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from growpath.adapters.orm import EngagementRow, ProgramRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.enrolment import EnrolmentStatus
from growpath.domain.errors import Conflict, InvalidInput, PermissionDenied, Problem
from growpath.domain.health import rules_of
from growpath.domain.text import paragraphs
from growpath.i18n import N_, Translator
from growpath.services.access import administers
from growpath.services.context import Context
from growpath.services.engagements import aggregate_of, lock_pair, store_aggregate
from growpath.services.health import RUNNING, nudge_text, pair_health
from growpath.services.mail_language import mail_translator
from growpath.services.nudges import queue_nudge

MAX_MESSAGE = 2000
# A paused pair is not on the board's running list, but its people can still be written to.
REACHABLE = (*RUNNING, "paused")


@dataclass(frozen=True)
class PairOutreach:
    """What an action on a pair did: its program, and how many people it reached."""

    program_id: int
    reached: int
    members: tuple[str, ...]


def _administered_pair(
    uow: UnitOfWork, ctx: Context, engagement_id: int, refusal: str
) -> tuple[EngagementRow, ProgramRow]:
    # 403 alike for a pair outside the admin's programs and for none at all: it tells nothing.
    row = uow.engagements.get(engagement_id)
    program = uow.programs.get(row.program_id) if row is not None else None
    if row is None or program is None or not administers(uow, ctx, row.program_id):
        raise PermissionDenied(refusal)
    return row, program


def _reachable_members(uow: UnitOfWork, row: EngagementRow) -> list[tuple[str, str]]:
    if row.status not in REACHABLE:
        raise Conflict(
            N_("the engagement is %(status)s: nobody to reach"), status=row.status.replace("_", " ")
        )
    return uow.health.reachable_members_in(REACHABLE).get(row.id, [])


def pair_summary(ctx: Context, engagement_id: int) -> PairOutreach:
    """Return a pair's program and member names, for an admin of its program."""
    with ctx.uow() as uow:
        row, _ = _administered_pair(
            uow,
            ctx,
            engagement_id,
            N_("only an administrator of this pair's program may act on it"),
        )
        names = [name for _, _, name, _ in uow.engagements.members_of([row.id])]
        return PairOutreach(row.program_id, 0, tuple(names))


def nudge_pair(ctx: Context, engagement_id: int) -> PairOutreach:
    """Send the pair the health nudge of what the board finds (at most once a day)."""
    with ctx.uow() as uow:
        row, program = _administered_pair(
            uow, ctx, engagement_id, N_("only an administrator of this pair's program may nudge it")
        )
        members = _reachable_members(uow, row)
        health = pair_health(uow, row, ctx.now.date())
        rule = health.rules[0] if health.rules else "admin"
        link = ctx.app.settings.page_url(f"/engagements/{row.id}")

        def body(_: Translator) -> str:
            text = (
                nudge_text(rule, health.findings[0], rules_of(program.health_rules), _)
                if health.rules
                else _("A gentle nudge to keep going: a short session can help.")
            )
            return f"{text}\n\n{link}\n"

        mail = PairMail(
            f"admin-nudge:{row.id}:{ctx.now.date().isoformat()}",
            f"health.{rule}",
            lambda _: _("%(program)s: a nudge to keep going", program=program.name),
            body,
        )
        return _send(uow, ctx, row, members, mail, "engagement.nudged")


@dataclass(frozen=True)
class PairMail:
    """One e-mail to each member of a pair: its key (per recipient), kind, and its subject and
    body as each member reads them, in their own language."""

    key: str
    kind: str
    subject: Callable[[Translator], str]
    body: Callable[[Translator], str]


def _send(
    uow: UnitOfWork,
    ctx: Context,
    row: EngagementRow,
    members: Sequence[tuple[str, str]],
    mail: PairMail,
    action: str,
) -> PairOutreach:
    """Queue the mail to each member through the outbox, audit the act with the count, commit."""
    reached = 0
    for _name, email in members:
        _ = mail_translator(uow, ctx.app.settings, email)
        reached += queue_nudge(
            uow,
            dedupe_key=f"{mail.key}:{email}",
            kind=mail.kind,
            recipient_email=email,
            subject=mail.subject(_),
            body=mail.body(_),
            due_at=ctx.now,
            now=ctx.now,
        )
    _audit(uow, ctx, action, row.id, reached)
    uow.commit()
    return PairOutreach(row.program_id, reached, tuple(name for name, _ in members))


def message_pair(ctx: Context, engagement_id: int, message: str) -> PairOutreach:
    """Send both members a short message from the admin, by e-mail through the outbox."""
    problems: list[Problem] = []
    text = paragraphs(message.strip(), "message", problems)
    if not text:
        problems.append(Problem(N_("write the message to send"), "message"))
    elif len(text) > MAX_MESSAGE:
        problems.append(
            Problem.of(N_("must be at most %(most)s characters"), "message", most=MAX_MESSAGE)
        )
    with ctx.uow() as uow:
        row, program = _administered_pair(
            uow,
            ctx,
            engagement_id,
            N_("only an administrator of this pair's program may write to it"),
        )
        if problems:
            raise InvalidInput(problems)
        members = _reachable_members(uow, row)
        link = ctx.app.settings.page_url(f"/engagements/{row.id}")
        mail = PairMail(
            # Each message is its own: the key holds the moment, not the text.
            f"admin-message:{row.id}:{ctx.now.isoformat()}",
            "admin.message",
            lambda _: _(
                "%(program)s: a message from the program's organisers", program=program.name
            ),
            lambda _: (
                f"{text}\n\n— "
                + _("%(sender)s, for %(program)s", sender=ctx.actor.email, program=program.name)
                + f"\n\n{link}\n"
            ),
        )
        # The audit names the act and the count, never the message.
        return _send(uow, ctx, row, members, mail, "engagement.messaged")


def rematch_pair(ctx: Context, engagement_id: int, reason: str) -> PairOutreach:
    """End the engagement early so its participants wait for a new match in the next run.

    A participant who withdrew from the program stays withdrawn: re-matching is refused then,
    and ending the engagement is the way.
    """
    with ctx.uow() as uow:
        row, _ = _administered_pair(
            uow,
            ctx,
            engagement_id,
            N_("only an administrator of this pair's program may re-match it"),
        )
        # The seats' lock, taken before reading: a match run offering, accepting or joining
        # this pair's people at the same moment goes before or after, never in between.
        row = lock_pair(uow, row)
        waiting = uow.engagements.participant_enrolments(row.id)
        for _, enrolment_id in waiting:
            enrolment = uow.enrolments.get(enrolment_id) if enrolment_id else None
            if enrolment is None or enrolment.status != EnrolmentStatus.ACTIVE:
                raise Conflict(
                    N_(
                        "a participant of this pair is no longer enrolled, so there is nobody to "
                        "re-match: end the engagement instead"
                    )
                )
        engagement = aggregate_of(row)
        engagement.end_early(ctx.now, reason.strip() or "ended by the program to re-match")
        store_aggregate(uow, row, engagement, ctx.now, ctx.app.settings)
        _audit(uow, ctx, "engagement.rematch", row.id, len(waiting))
        uow.commit()
        return PairOutreach(row.program_id, len(waiting), tuple(name for name, _ in waiting))


def _audit(uow: UnitOfWork, ctx: Context, action: str, engagement_id: int, people: int) -> None:
    uow.audit.record(
        ctx.now,
        ctx.actor_user_id,
        action,
        "engagement",
        str(engagement_id),
        ctx.source_address,
        detail={"people": people},
    )
