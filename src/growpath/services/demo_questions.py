"""The demo's custom check-in questions, and members answering the check-ins due to them."""

from __future__ import annotations

from growpath.domain.checkin_questions import CHOICE, SCALE, Question
from growpath.services import checkin_questions, checkins
from growpath.services.context import Context

# Check-ins every four weeks from week three: the demo's pairs, started about nine weeks ago,
# answered one on the way, and the next one is waiting for them today.
DEMO_SCHEDULE = {"first_after_days": 21, "every_days": 28}
CAREER = ("scale", "How clear is your next career step?", "not at all", "very clear", ())
MEETING = (
    "choice",
    "How do you usually meet?",
    "",
    "",
    ("Video call", "In person", "Walk and talk", "Chat only"),
)
HELP = ("text", "What would make this relationship more useful?", "", "", ())
# Short, and about the relationship: what a member might write (never shown to admins).
TEXT_ANSWERS = (
    "More time on system design.",
    "Meeting a little more often.",
    "",
    "An introduction to someone in product.",
)


def add_demo_questions(operator: Context, program_id: int) -> None:
    """Give a demo program three check-in questions of its own."""
    for kind, wording, low, high, options in (CAREER, MEETING, HELP):
        checkin_questions.add_question(
            operator, program_id, kind, wording, low, high, options, required=kind == SCALE
        )


def _answer(question: Question, seed: int) -> int | str:
    if question.kind == SCALE:
        return 2 + (seed * 7 + question.id) % 4
    if question.kind == CHOICE:
        # Mostly video calls, as most pairs meet: so the common answer shows in the report.
        return 1 if seed % 3 else 1 + (seed + question.id) % len(question.options)
    return TEXT_ANSWERS[seed % len(TEXT_ANSWERS)]


def answer_due_checkins(member: Context, seed: int) -> int:
    """Answer the member's check-ins waiting now, the program's own questions too."""
    answered = 0
    for due in checkins.my_checkins(member):
        if due.answered_at is not None:
            continue
        asked = checkin_questions.questions_of_checkin(member, due.id)
        answers: dict[int, object] = {q.id: _answer(q, seed + answered) for q in asked}
        checkins.answer_checkin(
            member, due.id, seed % 4 != 3, 3 + seed % 3, 2 + seed % 4, "", answers
        )
        answered += 1
    return answered
