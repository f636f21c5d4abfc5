"""The demo's practice triads: the demo participant's program practises in threes, and the
participant's own triad is mid-rotation (round 1's feedback recorded, round 2 under way)."""

from __future__ import annotations

from growpath.services import triads
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import operator_context
from growpath.services.demo_programs import demo_actor

# Written to fit any shipped scenario: the demo triad's first scenario depends on its offset.
ROUND_ONE_FEEDBACK = {
    "open_questions": "Mostly open: 'What would a good outcome look like for you?' and 'What "
    "else?' opened the coachee up. Two closed checks near the end ('Is that OK?'), and one "
    "piece of advice dressed as a question: 'Have you thought about asking your manager?'",
    "listening": "A good summary after the first few minutes; the coachee corrected it, which "
    "moved the talk on. The coach talked a little more than half the time in the options part.",
    "try_next": "After asking for options, wait: let the silence run for five seconds before "
    "offering one of your own.",
}


def seed_demo_triads(app: Growpath, participant_email: str) -> int:
    """Form the demo participant's program into triads and play their triad's first round.

    Returns how many triads were formed (0 when the demo already has them).
    """
    operator = operator_context(app)
    with app.uow() as uow:
        person = uow.people.by_email(participant_email)
        program_id = uow.demo.running_program_of(person.id) if person else None
        if person is None or program_id is None or uow.triads.of_program(program_id):
            return 0
        me = person.id
    formed = triads.form_triads(operator, program_id)
    (mine,) = triads.my_triads(demo_actor(app, me, participant_email))
    with app.uow() as uow:
        members = {m.position: m.person_id for m, _ in uow.triads.members([mine.id])}
    # Round 1: position 0 coaches position 1, and position 2 observes.
    observer = demo_actor(app, members[2], "")
    triads.record_feedback(observer, mine.id, **ROUND_ONE_FEEDBACK)
    triads.advance_round(observer, mine.id, 1)
    return len(formed)
