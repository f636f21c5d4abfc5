"""What the practice triad use cases return: plans, states for admins, views for members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from growpath.domain.scenarios import Block


@dataclass(frozen=True)
class TriadMemberView:
    """A member and what they play in the triad's current round."""

    person_id: int
    name: str
    role: str


@dataclass(frozen=True)
class PlannedGroup:
    """A group a formation would make: its people in rotation order, and why it is larger."""

    person_ids: tuple[int, ...]
    names: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class TriadPlan:
    """What forming a program's triads would do; confirm sends plan back unchanged."""

    program_id: int
    program_name: str
    groups: tuple[PlannedGroup, ...]
    plan: str
    already_practising: int


@dataclass(frozen=True)
class TriadState:
    """A triad as its program's admins see it: members and round numbers, never feedback."""

    id: int
    program_id: int
    status: str
    current_round: int
    round_count: int
    members: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class FeedbackView:
    """An observer's feedback on one round's coaching, for the triad's members."""

    round_number: int
    observer: str
    mine: bool
    open_questions: str
    listening: str
    try_next: str
    recorded_at: datetime


@dataclass(frozen=True)
class BriefView:
    """The part of the round's scenario written for one role."""

    role: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class RoundView:
    """A round: who coaches whom, who observes, and the scenario it plays."""

    number: int
    scenario_key: str
    scenario_title: str
    coach: str
    coachee: str
    observers: tuple[str, ...]


@dataclass(frozen=True)
class TriadView:
    """A triad as a member sees it: the round, the roles, the briefs and the feedback."""

    id: int
    program_id: int
    program_name: str
    status: str
    current_round: int
    round_count: int
    note: str
    members: tuple[TriadMemberView, ...]
    my_role: str
    rounds: tuple[RoundView, ...]
    situation: tuple[Block, ...]
    scenario_summary: str
    briefs: tuple[BriefView, ...]
    feedback: tuple[FeedbackView, ...]
    feedback_this_round: int
    my_feedback: FeedbackView | None


@dataclass(frozen=True)
class TriadSummary:
    """One of the viewer's triads, for their list."""

    id: int
    program_name: str
    status: str
    current_round: int
    round_count: int
    my_role: str
