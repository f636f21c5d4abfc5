"""Learning module files: front matter parsed and validated, Markdown rendered without markup."""

from __future__ import annotations

import pytest

from growpath.domain.errors import InvalidInput
from growpath.domain.modules import (
    AUDIENCES,
    audiences_of,
    missing_onboarding,
    parse_module,
    render_body,
    shipped_modules,
)

GOOD = """---
title: Our one-to-ones
audience: manager
kind: module
themes: [feedback, new-manager]
minutes: 8
practice: Hold one this week and ask "What have you tried so far?"
---
## How we run them

Weekly, thirty minutes, the report's agenda first.
"""


def _problems(text: str, slug: str = "our-one-to-ones") -> dict[str, str]:
    with pytest.raises(InvalidInput) as refused:
        parse_module(slug, text)
    return {str(p.field): p.reason for p in refused.value.problems}


def test_a_module_file_is_parsed_into_its_fields_and_body() -> None:
    module = parse_module("our-one-to-ones", GOOD)
    assert (module.title, module.audience, module.kind, module.minutes) == (
        "Our one-to-ones",
        "manager",
        "module",
        8,
    )
    assert module.themes == ("feedback", "new-manager")
    assert module.practice.startswith("Hold one this week")
    assert module.body.startswith("## How we run them")
    assert not module.shipped


def test_a_file_without_front_matter_is_refused_naming_the_front_matter() -> None:
    assert "must start with a line '---'" in _problems("# Just Markdown\n")["front matter"]


def test_front_matter_that_is_not_yaml_is_refused_with_its_line() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_module("x", "---\ntitle: A\naudience: [manager\n---\nbody\n")
    (problem,) = refused.value.problems
    assert problem.field == "front matter" and "not valid YAML" in problem.reason
    assert problem.line is not None


def test_every_missing_or_wrong_field_is_named() -> None:
    text = "---\ntitle: ''\naudience: ceo\nkind: course\nminutes: 500\nthemes: [astrology]\n---\n\n"
    problems = _problems(text, slug="Bad Slug")
    assert set(problems) == {"slug", "title", "audience", "kind", "minutes", "themes", "body"}
    assert "manager, mentor, coach, mentee" in problems["audience"]
    assert "astrology" in problems["themes"]
    assert "1–120" in problems["minutes"]


def test_a_module_must_end_with_a_practice_prompt_and_a_resource_need_not() -> None:
    without = GOOD.replace(
        'practice: Hold one this week and ask "What have you tried so far?"\n', ""
    )
    assert _problems(without) == {"practice": "is missing"}
    resource = parse_module("r", without.replace("kind: module", "kind: resource"))
    assert resource.is_resource and resource.practice == ""


def test_an_unknown_field_is_refused_naming_it() -> None:
    problems = _problems(GOOD.replace("minutes: 8", "minutes: 8\nauthor: me"))
    assert "author" in problems["front matter"]


def test_a_title_with_a_control_character_is_refused() -> None:
    assert (
        "control characters" in _problems(GOOD.replace("Our one-to-ones", '"Our\\x1bone"'))["title"]
    )


def test_markdown_is_rendered_without_passing_any_html_or_script_link() -> None:
    html = render_body(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>"
        "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert "<table>" in html


def test_every_shipped_module_parses_and_each_training_module_ends_with_practice() -> None:
    modules = shipped_modules()
    assert {m.audience for m in modules} == set(AUDIENCES)
    manager_track = [m.slug for m in modules if m.audience == "manager" and m.kind == "module"]
    assert manager_track == [
        "powerful-questions",
        "active-listening",
        "grow-model",
        "giving-feedback",
        "delegating",
    ]
    for module in modules:
        assert module.kind == "resource" or module.practice
        assert len(module.body.split()) >= 100 if module.kind == "module" else module.body


def test_the_audiences_follow_enrolment_roles_and_managing_people() -> None:
    assert audiences_of(["coachee", "mentor"], is_manager=True) == ("manager", "mentor", "mentee")
    assert audiences_of([], is_manager=False) == ()


def test_missing_onboarding_lists_the_roles_modules_not_yet_completed() -> None:
    modules = shipped_modules()
    assert missing_onboarding(modules, "coach", ["coaching-presence"]) == (
        "coaching-questions-not-answers",
    )
    assert missing_onboarding(modules, "coachee", []) == missing_onboarding(modules, "mentee", [])
