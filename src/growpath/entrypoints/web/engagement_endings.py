"""What completing or ending an engagement early will do, said from its data before it is done."""

from __future__ import annotations

from growpath.entrypoints.web.confirmation import Confirmation, TypedCheck
from growpath.entrypoints.web.timefmt import day_text, when
from growpath.i18n import N_, Translator
from growpath.services import sessions
from growpath.services.context import Context
from growpath.services.engagements import EngagementView

# The lifecycle moves that cannot be undone, so the page asks before making them.
ENDINGS = ("complete", "end_early")
# What each ending does, per kind of engagement, for whom (%(who)s).
ENDS_TODAY = {
    ("complete", "mentoring"): N_(
        "Completing ends the mentoring relationship today (%(day)s) for %(who)s."
    ),
    ("complete", "coaching"): N_(
        "Completing ends the coaching engagement today (%(day)s) for %(who)s."
    ),
    ("end_early", "mentoring"): N_(
        "Ending early ends the mentoring relationship today (%(day)s) for %(who)s."
    ),
    ("end_early", "coaching"): N_(
        "Ending early ends the coaching engagement today (%(day)s) for %(who)s."
    ),
}
TITLES = {
    ("complete", "mentoring"): N_("Complete the mentoring relationship?"),
    ("complete", "coaching"): N_("Complete the coaching engagement?"),
    ("end_early", "mentoring"): N_("End the mentoring relationship early?"),
    ("end_early", "coaching"): N_("End the coaching engagement early?"),
}


def _names(_: Translator, engagement: EngagementView) -> str:
    return _(" and ").join(m.name for m in engagement.members) or _("the pair")


def _pair_work(_: Translator, ctx: Context, engagement: EngagementView, zone: str) -> list[str]:
    """Say which sessions are called off and which actions stay open (members only)."""
    upcoming = [
        s
        for s in sessions.list_sessions(ctx, engagement.id)
        if s.status == "scheduled" and s.scheduled_at > ctx.now
    ]
    said = (
        [
            _.plural(
                "Your %(n)d scheduled session from now on is cancelled: %(times)s.",
                "Your %(n)d scheduled sessions from now on are cancelled: %(times)s.",
                len(upcoming),
                times="; ".join(when(s.scheduled_at, zone) for s in upcoming),
            )
        ]
        if upcoming
        else [_("No session is scheduled from now on, so none is cancelled.")]
    )
    still_open = len(sessions.open_actions(ctx, engagement.id))
    if still_open:
        said.append(
            _(
                "The open actions (%(count)s) stay as they are and can no longer be marked done.",
                count=still_open,
            )
        )
    return said


def ending_confirmation(
    _: Translator,
    ctx: Context,
    engagement: EngagementView,
    action: str,
    reason: str,
    zone: str,
) -> Confirmation:
    """Build the question asked before an engagement is completed or ended early, in the
    reader's language."""
    member = any(m.person_id == ctx.actor.person_id for m in engagement.members)
    both = _("both of you") if member else _("both %(names)s", names=_names(_, engagement))
    kind = "mentoring" if engagement.kind == "mentoring" else "coaching"
    today = day_text(ctx.today)
    consequences = [_(ENDS_TODAY[action, kind], day=today, who=both)]
    if member:
        consequences += _pair_work(_, ctx, engagement, zone)
    else:
        # An admin sees the state only; how many sessions the pair planned is theirs.
        consequences.append(_("Any session the pair scheduled from now on is cancelled."))
    consequences.append(
        _(
            "Session notes, goals, the charter and the history stay readable for %(who)s;"
            " nothing new can be added or changed.",
            who=both,
        )
    )
    consequences.append(_("The place this pair takes in the guide's capacity is freed."))
    fields = {"action": action}
    typed = None
    if action == "end_early":
        if reason.strip():
            fields["reason"] = reason
            consequences.append(
                _(
                    "The reason is kept with the engagement, where its members and the"
                    " program's administrators read it: “%(reason)s”",
                    reason=reason.strip(),
                )
            )
        else:
            typed = TypedCheck(
                "reason",
                _("Why does it end early?"),
                _("Its members and the program's administrators read this reason."),
            )
    return Confirmation(
        title=_(TITLES[action, kind]),
        consequences=consequences,
        action=f"/engagements/{engagement.id}/transitions",
        button=_("Complete it") if action == "complete" else _("End it early"),
        back=f"/engagements/{engagement.id}",
        back_label=_("Keep it running"),
        fields=fields,
        typed=typed,
    )
