"""SCIM filters (RFC 7644 §3.4.2.2) parsed by scim2-filter-parser into SQLAlchemy conditions.

Each attribute a filter may name maps to one column expression; values are bound parameters,
never SQL text, so a filter cannot inject anything. An attribute, operator or value growpath
cannot compare is refused with InvalidFilter naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scim2_filter_parser import ast as scim
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser
from sqlalchemy import ColumnElement, and_, false, func, not_, or_
from sqlalchemy.sql.elements import SQLCoreOperations

MAX_FILTER_LENGTH = 1000
STRING, BOOLEAN, INTEGER = "string", "boolean", "integer"


class InvalidFilter(ValueError):
    """A filter that does not parse, or names what growpath cannot compare."""


@dataclass(frozen=True)
class Attribute:
    """A filterable attribute: its column and how its values compare."""

    column: SQLCoreOperations[Any]
    kind: str = STRING
    # For an attribute held in another table: turn the comparison into EXISTS over it.
    around: Callable[[ColumnElement[bool]], ColumnElement[bool]] | None = None


def condition(text: str, attributes: Mapping[str, Attribute]) -> ColumnElement[bool]:
    """Return the condition a filter stands for, or raise InvalidFilter saying why."""
    if len(text) > MAX_FILTER_LENGTH:
        raise InvalidFilter(f"a filter is at most {MAX_FILTER_LENGTH} characters")
    try:
        tree = SCIMParser().parse(SCIMLexer().tokenize(text))
    except Exception as exc:  # the parser raises several kinds; each means "does not parse"
        raise InvalidFilter(f"the filter does not parse: {exc}") from exc
    if tree is None:
        raise InvalidFilter("the filter is empty")
    return _Translation(attributes).node(tree)


class _Translation:
    def __init__(self, attributes: Mapping[str, Attribute]) -> None:
        self.attributes = {name.casefold(): attribute for name, attribute in attributes.items()}

    def node(self, node: Any) -> ColumnElement[bool]:
        if isinstance(node, scim.Filter):
            if node.namespace is not None:
                raise InvalidFilter("filters on the values of a multi-valued attribute ([...])")
            inner = self.node(node.expr)
            return not_(inner) if node.negated else inner
        if isinstance(node, scim.LogExpr):
            joined = and_ if node.op.lower() == "and" else or_
            return joined(self.node(node.expr1), self.node(node.expr2))
        if isinstance(node, scim.AttrExpr):
            return self.comparison(node)
        raise InvalidFilter(f"unsupported filter expression {type(node).__name__}")

    def attribute(self, path: Any) -> tuple[str, Attribute]:
        if not isinstance(path.attr_name, str):
            raise InvalidFilter("filters on the values of a multi-valued attribute ([...])")
        name = path.attr_name
        if path.sub_attr is not None:
            name = f"{name}.{path.sub_attr.value}"
        if path.uri:
            # A core schema's URN may prefix its own attributes; an extension's names them.
            name = f"{path.uri}:{name}"
        found = self.attributes.get(name.casefold())
        if found is None and path.uri and ":core:" in path.uri:
            found = self.attributes.get(name.rsplit(":", 1)[1].casefold())
        if found is None:
            raise InvalidFilter(f"cannot filter on the attribute '{name}'")
        return name, found

    def comparison(self, node: Any) -> ColumnElement[bool]:
        name, attribute = self.attribute(node.attr_path)
        op = node.value.lower()
        column = attribute.column
        if op == "pr":
            test: ColumnElement[bool] = column.is_not(None)
            if attribute.kind == STRING:
                test = and_(test, column != "")
        else:
            raw = node.comp_value.value if node.comp_value is not None else None
            test = _compare(name, attribute, op, raw)
        return attribute.around(test) if attribute.around is not None else test


def _compare(name: str, attribute: Attribute, op: str, raw: Any) -> ColumnElement[bool]:
    column = attribute.column
    if attribute.kind == BOOLEAN:
        if op not in ("eq", "ne") or str(raw).lower() not in ("true", "false"):
            raise InvalidFilter(f"'{name}' is true or false, compared with eq or ne")
        flag = str(raw).lower() == "true"
        return column.is_(flag) if op == "eq" else column.is_not(flag)
    if attribute.kind == INTEGER:
        if op not in ("eq", "ne"):
            raise InvalidFilter(f"'{name}' is compared with eq or ne")
        # An id that is not a number is nobody's id.
        if not str(raw).isdigit() or len(str(raw)) > 18:
            return false() if op == "eq" else column.is_not(None)
        return column == int(str(raw)) if op == "eq" else column != int(str(raw))
    if raw is None:
        raise InvalidFilter(f"'{name}' is text: compare it with a quoted string")
    value = str(raw).lower()
    lowered = func.lower(column)
    pattern = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    compared: dict[str, Callable[[], ColumnElement[bool]]] = {
        "eq": lambda: lowered == value,
        "ne": lambda: or_(lowered != value, column.is_(None)),
        "co": lambda: lowered.like(f"%{pattern}%", escape="\\"),
        "sw": lambda: lowered.like(f"{pattern}%", escape="\\"),
        "ew": lambda: lowered.like(f"%{pattern}", escape="\\"),
        "gt": lambda: lowered > value,
        "ge": lambda: lowered >= value,
        "lt": lambda: lowered < value,
        "le": lambda: lowered <= value,
    }
    if op not in compared:
        raise InvalidFilter(f"unknown comparison operator '{op}'")
    return compared[op]()
