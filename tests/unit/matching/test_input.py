"""Bad input raises a MatchingInputError that names the problem."""

from __future__ import annotations

import dataclasses
import math

import pytest

from growpath.matching import (
    MatchConfig,
    MatchingInputError,
    Mentee,
    Mentor,
    Weights,
    assign,
    score_matrix,
)


def people() -> tuple[list[Mentee], list[Mentor]]:
    mentees = [Mentee(id="ann", manager_id="boss"), Mentee(id="bob", manager_id="ann")]
    mentors = [Mentor(id="cara", capacity=2), Mentor(id="boss", capacity=1)]
    return mentees, mentors


def test_negative_capacity_is_refused_naming_the_mentor() -> None:
    mentees, mentors = people()
    mentors[0] = dataclasses.replace(mentors[0], capacity=-1)
    with pytest.raises(MatchingInputError, match="cara"):
        assign(mentees, mentors, MatchConfig())


def test_nan_weight_is_refused_naming_the_factor() -> None:
    mentees, mentors = people()
    with pytest.raises(MatchingInputError, match="text"):
        assign(mentees, mentors, MatchConfig(weights=Weights(text=math.nan)))


def test_unknown_id_in_fixed_pairs_is_refused_naming_it() -> None:
    mentees, mentors = people()
    with pytest.raises(MatchingInputError, match="nobody"):
        assign(mentees, mentors, MatchConfig(fixed_pairs=frozenset({("nobody", "cara")})))


def test_reporting_cycle_is_refused_naming_its_people() -> None:
    mentees = [Mentee(id="ann", manager_id="bob"), Mentee(id="bob", manager_id="ann")]
    with pytest.raises(MatchingInputError, match="reporting cycle: .*ann"):
        assign(mentees, [Mentor(id="cara")], MatchConfig())


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(MatchingInputError, match="duplicate mentee id 'ann'"):
        assign([Mentee(id="ann"), Mentee(id="ann")], [Mentor(id="cara")], MatchConfig())


def test_unknown_time_zone_is_refused_naming_the_person() -> None:
    with pytest.raises(MatchingInputError, match="ann"):
        score_matrix([Mentee(id="ann", timezone="Mars/Olympus")], [Mentor(id="c")], MatchConfig())


def test_embeddings_backend_without_the_extra_says_how_to_install_it() -> None:
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("the embeddings extra is installed")
    with pytest.raises(MatchingInputError, match="embeddings"):
        score_matrix(
            [Mentee(id="ann", goals="x")], [Mentor(id="c")], MatchConfig(text_backend="embeddings")
        )


def test_reporting_chain_forbids_manager_skip_level_and_reports() -> None:
    mentees = [Mentee(id="dev", manager_id="lead"), Mentee(id="lead", manager_id="vp")]
    mentors = [
        Mentor(id="vp", capacity=2),
        Mentor(id="lead", capacity=2),
        Mentor(id="other", capacity=2),
    ]
    scores = score_matrix(mentees, mentors, MatchConfig(reporting_lines={"vp": None}))
    assert math.isinf(scores[0, 0]) and math.isinf(scores[0, 1])  # skip-level and manager
    assert math.isinf(scores[1, 0]) and math.isinf(scores[1, 1])  # manager and self
    assert math.isfinite(scores[0, 2]) and math.isfinite(scores[1, 2])


def test_group_format_forms_groups_of_the_given_size_with_one_mentor() -> None:
    from growpath.matching.synthetic import population

    mentees, mentors, config = population(40, 5, seed=4)
    result = assign(mentees, mentors, dataclasses.replace(config, format="group", group_size=4))
    assert result.groups
    assert all(1 <= len(g.mentee_ids) <= 4 for g in result.groups)
    members = [e for g in result.groups for e in g.mentee_ids]
    assert len(members) == len(set(members)) == len(result.pairs)
