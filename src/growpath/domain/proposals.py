"""Match proposals and guides' seats: the proposal's life and the capacity invariant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from growpath.domain.errors import Conflict, Term
from growpath.i18n import N_


class ProposalStatus(StrEnum):
    """Where a proposed pair stands.

    An optimiser's pair is ``proposed`` until an admin approves it (``approved``: offered to
    both sides); a participant's own request starts as ``requested``. Both sides' answers
    end it ``accepted`` or ``declined``; an unanswered offer lapses (stored as ``expired``);
    a newer run ``superseded`` an unapproved one; a withdrawal ``withdrawn`` an open one.
    """

    PROPOSED = "proposed"
    APPROVED = "approved"
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


# Who put the pair forward: the optimiser's run, or the participant asking a guide themselves.
OPTIMISER, SELF_SERVICE = "optimiser", "self_service"
ORIGINS = (OPTIMISER, SELF_SERVICE)
# Each side's answer to an offer (none yet: NULL).
ACCEPT, DECLINE = "accepted", "declined"
RESPONSES = (ACCEPT, DECLINE)

# Offers waiting for an answer: each holds a seat of its guide until it is answered.
PENDING = (ProposalStatus.APPROVED, ProposalStatus.REQUESTED)
# Not yet answered for good: a withdrawal closes these.
OPEN = (ProposalStatus.PROPOSED, *PENDING)
# Put before the participant: approved or requested, then answered or lapsed.
OFFERED = (*PENDING, ProposalStatus.ACCEPTED, ProposalStatus.DECLINED, ProposalStatus.EXPIRED)
# A pair that ended this way in a program is not proposed again there unless allowed.
TURNED_DOWN = (ProposalStatus.DECLINED, ProposalStatus.EXPIRED)

LABELS = {
    ProposalStatus.PROPOSED: "proposed, waiting for approval",
    ProposalStatus.APPROVED: "offered, waiting for answers",
    ProposalStatus.REQUESTED: "requested, waiting for the guide",
    ProposalStatus.ACCEPTED: "accepted",
    ProposalStatus.DECLINED: "declined",
    ProposalStatus.EXPIRED: "lapsed without an answer",
    ProposalStatus.SUPERSEDED: "superseded by a newer run",
    ProposalStatus.WITHDRAWN: "withdrawn",
}


class RunStatus(StrEnum):
    """A matching run is waiting for review until an admin approves some of its pairs."""

    PROPOSED = "proposed"
    APPROVED = "approved"


# Which states each move may start from.
MOVES_FROM: dict[str, tuple[ProposalStatus, ...]] = {
    "approve": (ProposalStatus.PROPOSED,),
    "answer": PENDING,
    "lapse": PENDING,
    "supersede": (ProposalStatus.PROPOSED,),
    "withdraw": OPEN,
}


class InvalidProposalMove(Conflict):
    """The proposal cannot make that move from where it is."""


def check_proposal_move(proposal_id: int, status: str, move: str) -> None:
    """Refuse a move the proposal's state does not allow, saying what it is now."""
    if status not in MOVES_FROM[move]:
        now = (
            LABELS.get(ProposalStatus(status), status) if status in set(ProposalStatus) else status
        )
        raise InvalidProposalMove(f"cannot {move} proposal {proposal_id}: it is {now}")


def has_lapsed(expires_at: datetime | None, now: datetime) -> bool:
    """Whether an offer's answer date has passed."""
    return expires_at is not None and expires_at <= now


# A guide too full for more, by (one seat?, one held?): whole messages, as number agreement
# differs from language to language.
_FULL = {
    (True, True): N_(
        "cannot %(doing)s: %(guide)s has %(capacity)s seat and %(held)s is already held "
        "by running pairs and open offers"
    ),
    (True, False): N_(
        "cannot %(doing)s: %(guide)s has %(capacity)s seat and %(held)s are already held "
        "by running pairs and open offers"
    ),
    (False, True): N_(
        "cannot %(doing)s: %(guide)s has %(capacity)s seats and %(held)s is already held "
        "by running pairs and open offers"
    ),
    (False, False): N_(
        "cannot %(doing)s: %(guide)s has %(capacity)s seats and %(held)s are already held "
        "by running pairs and open offers"
    ),
}


@dataclass(frozen=True)
class GuideSeats:
    """A guide's capacity and the seats held: running pairs (a group once) and open offers."""

    guide_name: str
    capacity: int
    held: int

    @property
    def open(self) -> int:
        """Seats still free; never negative, even for an over-full guide from older data."""
        return max(self.capacity - self.held, 0)

    @property
    def over_full(self) -> bool:
        """Whether more seats are held than the capacity allows (older databases)."""
        return self.held > self.capacity

    def take(self, seats: int, doing: str) -> GuideSeats:
        """Return the seats after taking some more; refuse past capacity, naming the guide."""
        if self.held + seats > self.capacity:
            raise Conflict(
                _FULL[self.capacity == 1, self.held == 1],
                doing=doing,
                guide=self.guide_name,
                capacity=self.capacity,
                held=self.held,
            )
        return GuideSeats(self.guide_name, self.capacity, self.held + seats)

    def problem(self) -> str:
        """Say what is wrong with an over-full guide, for admins; empty when all is well."""
        if not self.over_full:
            return ""
        return Term(
            N_(
                "%(guide)s holds %(held)s seats but has a capacity of %(capacity)s: "
                "no new pairs are proposed for them; raise the capacity or end a pair"
            ),
            guide=self.guide_name,
            held=self.held,
            capacity=self.capacity,
        )
