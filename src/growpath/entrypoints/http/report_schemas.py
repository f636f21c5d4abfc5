"""Response schemas of a program report: what the JSON API returns and `growpath report` prints."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from growpath.domain.question_reports import MEAN_KEY, QuestionResult
from growpath.domain.reporting import Cell, Row, Table, band_text
from growpath.services.reporting import COHORT_DEFINITION, Report

# Written as datetime.isoformat() ("+00:00"), as the report always was, not pydantic's "Z".
IsoDateTime = Annotated[
    datetime,
    PlainSerializer(datetime.isoformat, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Unit = Literal["people", "%", "days", "score", "NPS", "levels"]
Measure = Literal[
    "participation",
    "acceptance",
    "first_meeting",
    "cadence",
    "stalled",
    "goals",
    "satisfaction",
    "growth",
    "themes",
    "lineage",
    "adoption",
]
Dimension = Literal[
    "cohort",
    "department",
    "level",
    "support",
    "competency",
    "theme",
    "generations",
    "program",
    "week",
]
TableKey = Literal[
    "by_cohort",
    "by_department",
    "by_level",
    "by_support",
    "competency_growth",
    "themes",
    "paying_it_forward",
    "lineage_generations",
    "practice_adoption",
]
# Each shape of a cell says exactly which fields it has: a client tells them apart by them.
STRICT = ConfigDict(extra="forbid")


class PublishedCellPublic(BaseModel):
    """A figure published as a number over its people."""

    model_config = STRICT

    value: float = Field(description="The figure, in its column's unit, rounded to 2 decimals")
    people: int = Field(description="How many people the figure aggregates (at least min_group)")


class BandPublic(BaseModel):
    """The range a figure near a bound of its scale lies in."""

    # "from" is a Python keyword: the field is from_ in Python and "from" in every dump.
    model_config = ConfigDict(extra="forbid", validate_by_name=True, serialize_by_alias=True)

    from_: float = Field(alias="from", description="Lower end of the band")
    to: float = Field(description="Upper end of the band")
    text: str = Field(description='The band as it reads, e.g. "≥ 90" or "≤ 10"', examples=["≥ 90"])


class BandedCellPublic(BaseModel):
    """A figure near a bound of its scale, published as a band: its value would tell on someone."""

    model_config = STRICT

    band: BandPublic
    people: int = Field(description="How many people the figure aggregates (at least min_group)")


class SuppressedCellPublic(BaseModel):
    """A figure withheld: it aggregates too few people, or would let a hidden one be worked out.

    It carries no value and no count of people; it is never 0.
    """

    model_config = STRICT

    suppressed: Literal[True]


ReportCellPublic = PublishedCellPublic | BandedCellPublic | SuppressedCellPublic


class ReportColumnPublic(BaseModel):
    """A figure that is a column of a table: what it measures and in which unit."""

    key: str = Field(description="The figure's key: the key of its cell in every row")
    label: str
    unit: Unit
    measure: Measure = Field(description="The measure the figure is computed from")


def _cell(key: str, cell: Cell) -> ReportCellPublic:
    if cell.band is not None:
        start, end = cell.band
        band = BandPublic(from_=start, to=end, text=band_text(key, cell.band))
        return BandedCellPublic(band=band, people=cell.people)
    if cell.value is None:
        return SuppressedCellPublic(suppressed=True)
    return PublishedCellPublic(value=cell.value, people=cell.people)


class ReportRowPublic(BaseModel):
    """One group of a table (a department, a cohort …) or its total, with a cell per column."""

    label: str = Field(description='The group, e.g. "Platform", "2026-01", "Level 3" or "All"')
    as_of: IsoDateTime | None = Field(
        description="When the row's published figures last moved on; null where not tracked"
    )
    cells: dict[str, ReportCellPublic] = Field(
        description="Each column's cell, by the column's key: published, banded or suppressed"
    )

    @classmethod
    def of(cls, table: Table, row: Row) -> ReportRowPublic:
        """Build the public view of one row of a protected table."""
        return cls(
            label=row.label,
            as_of=row.as_of,
            cells={f.key: _cell(f.key, row.cells[f.key]) for f in table.figures},
        )


class ReportTablePublic(BaseModel):
    """A breakdown of the program, or competency growth, or development themes."""

    key: TableKey
    title: str
    dimension: Dimension = Field(description="What the rows are groups of")
    columns: list[ReportColumnPublic]
    rows: list[ReportRowPublic]
    total: ReportRowPublic | None = Field(
        description="The whole program (breakdowns only); null for tables whose rows overlap"
    )

    @classmethod
    def of(cls, table: Table) -> ReportTablePublic:
        """Build the public view of a protected table."""
        return cls(
            key=table.key,
            title=table.title,
            dimension=table.dimension,
            columns=[
                ReportColumnPublic(key=f.key, label=f.label, unit=f.unit, measure=f.measure)
                for f in table.figures
            ],
            rows=[ReportRowPublic.of(table, row) for row in table.rows],
            total=ReportRowPublic.of(table, table.total) if table.total else None,
        )


class AnswerLinePublic(BaseModel):
    """One value or option of a custom question: how many respondents gave it, and their share."""

    label: str = Field(description='The value or option, e.g. "5 (very)" or "Remote"')
    people: ReportCellPublic
    share: ReportCellPublic = Field(description="Percent of the question's respondents")


class QuestionResultPublic(BaseModel):
    """A program's own check-in question: respondents, mean (scale) and answers (scale, choice).

    A text question shows how many answered, never what: its words are content.
    """

    question_id: int
    wording: str
    kind: Literal["scale", "choice", "text"]
    retired: bool = Field(description="No longer asked; its answers still count here")
    respondents: ReportCellPublic = Field(description="People who answered (latest answer each)")
    mean: ReportCellPublic | None = Field(description="Scale questions: the mean answer (1–5)")
    answers: list[AnswerLinePublic]

    @classmethod
    def of(cls, result: QuestionResult) -> QuestionResultPublic:
        """Build the public view of one question's published figures."""
        return cls(
            question_id=result.question_id,
            wording=result.wording,
            kind=result.kind,
            retired=result.retired,
            respondents=_cell("respondents", result.respondents),
            mean=_cell(MEAN_KEY, result.mean) if result.mean is not None else None,
            answers=[
                AnswerLinePublic(
                    label=line.label,
                    people=_cell("people", line.people),
                    share=_cell("share", line.share),
                )
                for line in result.lines
            ],
        )


class ReportProgramPublic(BaseModel):
    """The program a report is about."""

    id: int
    name: str


class ReportPublic(BaseModel):
    """A program's report: every figure over at least min_group people, banded or suppressed."""

    program: ReportProgramPublic
    as_of: IsoDateTime = Field(description="When the report was built")
    min_group: int = Field(description="The fewest people a published figure may aggregate (k)")
    cohort_definition: str = Field(description="What the rows of the by_cohort table group")
    tables: list[ReportTablePublic]
    questions: list[QuestionResultPublic] = Field(
        default_factory=list, description="The program's own check-in questions"
    )

    @classmethod
    def of(cls, report: Report) -> ReportPublic:
        """Build the public view of a program's report."""
        return cls(
            program=ReportProgramPublic(id=report.program_id, name=report.program_name),
            as_of=report.as_of,
            min_group=report.min_group,
            cohort_definition=COHORT_DEFINITION,
            tables=[ReportTablePublic.of(table) for table in report.tables],
            questions=[QuestionResultPublic.of(q) for q in report.questions],
        )
