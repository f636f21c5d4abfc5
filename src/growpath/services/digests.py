"""Weekly digests: guides hear what is due, program admins hear which of their pairs are at risk.

A guide's digest lists the pair's sessions and the guide's own actions, never the actions the
participant owns: those are the participant's content, and the guide's mailbox is not theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.accounts import Role
from growpath.domain.health import AT_RISK, STALLED
from growpath.domain.nudges import MailCategory
from growpath.i18n import N_, Translator
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import Context, operator_context
from growpath.services.health import PairHealth, program_health
from growpath.services.mail_language import mail_translator, spelled_day
from growpath.services.mail_preferences import own_opt_out, set_own_opt_out
from growpath.services.nudges import queue_nudge

WEEK = timedelta(days=7)
STATUS_TEXT = {AT_RISK: N_("at risk"), STALLED: N_("stalled")}
# One line of a digest, written in its reader's language when the digest is.
Line = Callable[[Translator], str]


def _week_key(now: datetime) -> str:
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def queue_weekly_digests(app: Growpath) -> int:
    """Queue this week's digest for every guide and program admin who has news; once a week."""
    now = app.clock.now()
    week = _week_key(now)
    queued = 0
    with app.uow() as uow:
        # Who already has this week's digest: they need no lines worked out again.
        done = {int(key.split(":")[1]) for key in uow.nudges.keys_like(f"digest:%:{week}")}
        news: dict[int, tuple[str, list[Line]]] = {}
        guides = _guide_digests(app, uow, now, done)
        for person_id, email, lines in guides + _admin_digests(app, uow, done):
            if person_id not in done:
                # A guide who is also an admin gets one digest with both parts.
                news.setdefault(person_id, (email, []))[1].extend(lines)
        for person_id, (email, lines) in news.items():
            if not lines:
                continue
            _ = mail_translator(uow, app.settings, email)
            queued += queue_nudge(
                uow,
                dedupe_key=f"digest:{person_id}:{week}",
                kind="digest",
                recipient_email=email,
                subject=_("Your growpath week"),
                body="\n".join(
                    [
                        _("Here is what needs you this week:"),
                        "",
                        *(line(_) for line in lines),
                        "",
                        _(
                            "You can turn this digest off at %(link)s.",
                            link=app.settings.page_url("/me/privacy"),
                        ),
                    ]
                ),
                due_at=now,
                now=now,
            )
        uow.commit()
    return queued


def _guide_digests(
    app: Growpath, uow: UnitOfWork, now: datetime, done: set[int]
) -> list[tuple[int, str, list[Line]]]:
    """Each guide's sessions and actions due this week, in three queries however many pairs."""
    guides = [
        (person_id, email, engagement_id)
        for person_id, email, engagement_id in uow.digests.guides_of_running_pairs()
        if person_id not in done
    ]
    due: dict[int, list[Line]] = {}
    for engagement_id, when in uow.digests.sessions_scheduled(now, now + WEEK):
        link = app.settings.page_url(f"/engagements/{engagement_id}")
        due.setdefault(engagement_id, []).append(_session_due(when, link))
    for engagement_id, description, due_on in uow.digests.guides_actions_due_before(
        (now + WEEK).date()
    ):
        link = app.settings.page_url(f"/engagements/{engagement_id}")
        due.setdefault(engagement_id, []).append(_action_due(due_on, description, link))
    digests: dict[int, tuple[str, list[Line]]] = {}
    for person_id, email, engagement_id in guides:
        digests.setdefault(person_id, (email, []))[1].extend(due.get(engagement_id, []))
    return [(pid, email, lines) for pid, (email, lines) in digests.items()]


def _admin_digests(
    app: Growpath, uow: UnitOfWork, done: set[int]
) -> list[tuple[int, str, list[Line]]]:
    """Each admin's at-risk pairs, of the open programs they administer (org admins: all)."""
    waiting: dict[int, tuple[str, set[int] | None]] = {}
    for person_id, email, role, program_id in uow.digests.admins():
        if person_id in done:
            continue
        _, programs = waiting.setdefault(person_id, (email, set()))
        if role == Role.ORG_ADMIN:
            waiting[person_id] = (email, None)  # None: every program
        elif programs is not None and program_id is not None:
            programs.add(program_id)
    if not waiting:
        return []  # the health of every program is only worked out when someone needs it
    operator: Context = operator_context(app)
    lines: dict[int, list[Line]] = {}
    for program_id, name in uow.digests.open_programs():
        if not any(wanted is None or program_id in wanted for _, wanted in waiting.values()):
            continue
        link = app.settings.page_url(f"/admin/programs/{program_id}/health")
        lines[program_id] = [
            _at_risk(name, pair, link)
            for pair in program_health(operator, program_id)
            if pair.health.status != "healthy"
        ]
    return [
        (
            person_id,
            email,
            [
                line
                for program_id, program_lines in lines.items()
                if wanted is None or program_id in wanted
                for line in program_lines
            ],
        )
        for person_id, (email, wanted) in waiting.items()
    ]


def _session_due(when: datetime, link: str) -> Line:
    """Return the digest line of a session this week."""

    def line(_: Translator) -> str:
        return _(
            "- session on %(day)s at %(time)s UTC: %(link)s",
            day=spelled_day(when, _.locale, f"{when:%A %d %B}"),
            time=f"{when:%H:%M}",
            link=link,
        )

    return line


def _action_due(day: date | None, action: str, link: str) -> Line:
    """Return the digest line of an action due this week (the guide's own)."""

    def line(_: Translator) -> str:
        return _("- action due %(day)s: %(action)s (%(link)s)", day=day, action=action, link=link)

    return line


def _at_risk(program: str, pair: PairHealth, link: str) -> Line:
    """Return the digest line of a pair that is not on track."""

    def line(_: Translator) -> str:
        return _(
            "- %(program)s, engagement %(engagement)s is %(status)s: %(reasons)s (%(link)s)",
            program=program,
            engagement=pair.engagement_id,
            status=_(STATUS_TEXT[pair.health.status]),
            reasons="; ".join(_(f.message, **f.values) for f in pair.health.findings),
            link=link,
        )

    return line


def set_digest(ctx: Context, opt_out: bool) -> bool:
    """Turn the actor's weekly digest off (True) or on (False); return the new setting."""
    return set_own_opt_out(ctx, MailCategory.DIGEST, opt_out)


def digest_opt_out(ctx: Context) -> bool:
    """Whether the actor has turned their weekly digest e-mail off."""
    return own_opt_out(ctx, MailCategory.DIGEST)
