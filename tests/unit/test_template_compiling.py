"""Templates are compiled once per process, however many requests first ask at once."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier
from typing import Any

import pytest
from jinja2 import Environment, Template, TemplateNotFound

from growpath.entrypoints.web.rendering import CompiledOnce


def _environment(folder: Path) -> tuple[Environment, list[str]]:
    environment = Environment(loader=CompiledOnce(folder), autoescape=True, auto_reload=False)
    compiled: list[str] = []
    compile_source: Callable[..., Any] = environment.compile

    def counting(source: str, name: str | None = None, filename: str | None = None) -> Any:
        compiled.append(name or "")
        return compile_source(source, name, filename)

    environment.compile = counting  # type: ignore[method-assign,assignment]
    return environment, compiled


def test_sixteen_threads_asking_at_once_compile_a_page_and_its_include_once(
    tmp_path: Path,
) -> None:
    (tmp_path / "page.html").write_text("<p>{{ who }}</p>{% include 'part.html' %}")
    (tmp_path / "part.html").write_text("<i>{{ who }}</i>")
    environment, compiled = _environment(tmp_path)
    start = Barrier(16)

    def render(number: int) -> tuple[Template, str]:
        start.wait()
        template = environment.get_template("page.html")
        return template, template.render(who=number)

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(render, range(16)))

    assert sorted(compiled) == ["page.html", "part.html"]
    assert len({id(template) for template, _ in results}) == 1
    assert [text for _, text in results] == [f"<p>{n}</p><i>{n}</i>" for n in range(16)]


def test_a_missing_template_is_refused_every_time_and_nothing_is_kept(tmp_path: Path) -> None:
    environment, compiled = _environment(tmp_path)
    for _ in range(2):
        with pytest.raises(TemplateNotFound):
            environment.get_template("absent.html")
    (tmp_path / "absent.html").write_text("now here")
    assert environment.get_template("absent.html").render() == "now here"
    assert compiled == ["absent.html"]
