"""A slot one person of a pair proposes and the other confirms: its states and their moves."""

from __future__ import annotations

from enum import StrEnum

from growpath.domain.errors import Conflict, Term
from growpath.i18n import N_


class ProposalStatus(StrEnum):
    """Where a proposed slot stands."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    # Replaced by a newer proposal of either person: one open proposal a pair at a time.
    SUPERSEDED = "superseded"
    # Someone tried to confirm it after the time stopped being free.
    TAKEN = "taken"


PROPOSED, CONFIRMED = ProposalStatus.PROPOSED, ProposalStatus.CONFIRMED
DECLINED, SUPERSEDED, TAKEN = (
    ProposalStatus.DECLINED,
    ProposalStatus.SUPERSEDED,
    ProposalStatus.TAKEN,
)
WHY_CLOSED = {
    CONFIRMED: Term(N_("it is already confirmed and the session is scheduled")),
    DECLINED: Term(N_("it was declined")),
    SUPERSEDED: Term(N_("a newer proposal replaced it")),
    TAKEN: Term(N_("its time stopped being free before it was confirmed")),
}


# A withdrawal is stored as a decline by the person who proposed the time (no new status,
# so no schema change): "declined" answered by the proposer reads as "withdrawn".
WITHDRAWN = "withdrawn"


def shown_status(status: str, proposer_id: int | None, answered_by: int | None) -> str:
    """Return the status as people read it: a decline by the proposer is a withdrawal."""
    if status == DECLINED and answered_by is not None and answered_by == proposer_id:
        return WITHDRAWN
    return status


def why_closed(status: str, proposer_id: int | None, answered_by: int | None) -> Term:
    """Return why a closed proposal can no longer be answered or withdrawn."""
    if shown_status(status, proposer_id, answered_by) == WITHDRAWN:
        return Term(N_("the person who proposed it withdrew it"))
    return WHY_CLOSED[ProposalStatus(status)]


def check_answerable(
    status: str, proposer_id: int | None, answerer_id: int | None, answered_by: int | None = None
) -> None:
    """Refuse an answer to a proposal that is closed, or by the person who made it."""
    if status != PROPOSED:
        reason = why_closed(status, proposer_id, answered_by)
        raise Conflict(N_("this proposal cannot be answered: %(reason)s"), reason=reason)
    if proposer_id == answerer_id:
        raise Conflict(
            N_(
                "you proposed this time: the other person confirms or declines it; "
                "withdraw it, or propose another time to replace it"
            )
        )


def check_withdrawable(
    status: str, proposer_id: int | None, actor_id: int | None, answered_by: int | None
) -> None:
    """Refuse to withdraw a proposal that is closed, or that someone else made."""
    if status != PROPOSED:
        reason = why_closed(status, proposer_id, answered_by)
        raise Conflict(N_("this proposal cannot be withdrawn: %(reason)s"), reason=reason)
    if proposer_id != actor_id:
        raise Conflict(
            N_("only the person who proposed this time can withdraw it: confirm or decline it")
        )
