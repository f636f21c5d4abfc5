"""What completing or ending an engagement early will do, said from its data before it is done."""

from __future__ import annotations

from growpath.entrypoints.web.confirmation import Confirmation, TypedCheck
from growpath.entrypoints.web.timefmt import day_text, when
from growpath.services import sessions
from growpath.services.context import Context
from growpath.services.engagements import EngagementView

# The lifecycle moves that cannot be undone, so the page asks before making them.
ENDINGS = ("complete", "end_early")


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _names(engagement: EngagementView) -> str:
    return " and ".join(m.name for m in engagement.members) or "the pair"


def _pair_work(ctx: Context, engagement: EngagementView, zone: str) -> list[str]:
    """Say which sessions are called off and which actions stay open (members only)."""
    upcoming = [
        s
        for s in sessions.list_sessions(ctx, engagement.id)
        if s.status == "scheduled" and s.scheduled_at > ctx.now
    ]
    said = (
        [
            f"Your {_count(len(upcoming), 'scheduled session')} from now on"
            f" {'is' if len(upcoming) == 1 else 'are'} cancelled: "
            + "; ".join(when(s.scheduled_at, zone) for s in upcoming)
            + "."
        ]
        if upcoming
        else ["No session is scheduled from now on, so none is cancelled."]
    )
    still_open = len(sessions.open_actions(ctx, engagement.id))
    if still_open:
        said.append(
            f"The open actions ({still_open}) stay as they are and can no longer be marked done."
        )
    return said


def ending_confirmation(
    ctx: Context, engagement: EngagementView, action: str, reason: str, zone: str
) -> Confirmation:
    """Build the question asked before an engagement is completed or ended early."""
    member = any(m.person_id == ctx.actor.person_id for m in engagement.members)
    both = "both of you" if member else f"both {_names(engagement)}"
    kind = "mentoring relationship" if engagement.kind == "mentoring" else "coaching engagement"
    doing = "Completing" if action == "complete" else "Ending early"
    consequences = [f"{doing} ends the {kind} today ({day_text(ctx.now.date())}) for {both}."]
    if member:
        consequences += _pair_work(ctx, engagement, zone)
    else:
        # An admin sees the state only; how many sessions the pair planned is theirs.
        consequences.append("Any session the pair scheduled from now on is cancelled.")
    consequences.append(
        f"Session notes, goals, the charter and the history stay readable for {both};"
        " nothing new can be added or changed."
    )
    consequences.append("The place this pair takes in the guide's capacity is freed.")
    fields = {"action": action}
    typed = None
    if action == "end_early":
        if reason.strip():
            fields["reason"] = reason
            consequences.append(
                f"The reason is kept with the engagement, where its members and the program's"
                f" administrators read it: “{reason.strip()}”"
            )
        else:
            typed = TypedCheck(
                "reason",
                "Why does it end early?",
                "Its members and the program's administrators read this reason.",
            )
    return Confirmation(
        title=(f"Complete the {kind}?" if action == "complete" else f"End the {kind} early?"),
        consequences=consequences,
        action=f"/engagements/{engagement.id}/transitions",
        button="Complete it" if action == "complete" else "End it early",
        back=f"/engagements/{engagement.id}",
        back_label="Keep it running",
        fields=fields,
        typed=typed,
    )
