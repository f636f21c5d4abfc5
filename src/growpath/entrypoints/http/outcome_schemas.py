"""Response schemas of a program's outcome comparison: what the JSON API returns and
`growpath report` prints beside the report."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from growpath.domain.outcomes import TURNOVER_SOURCE, Published
from growpath.services.outcomes import CAVEAT, OutcomeReport, rate_text

STRICT = ConfigDict(extra="forbid")


class RatePublic(BaseModel):
    """A group's rate in percent: a value, or a band near 0% or 100%, with its 95% interval."""

    model_config = STRICT

    value: float | None = Field(description="The rate in %; null when published as a band")
    band: str | None = Field(description='The band it lies in, e.g. "≥ 95%"; else null')
    ci_low: float = Field(description="Lower end of the 95% interval, in %")
    ci_high: float = Field(description="Upper end of the 95% interval, in %")

    @classmethod
    def of(cls, rate: Published) -> RatePublic:
        """Build from a published rate."""
        return cls(
            value=rate.value,
            band=None if rate.band is None else rate_text(rate),
            ci_low=rate.low,
            ci_high=rate.high,
        )


class DifferencePublic(BaseModel):
    """Participants' rate minus the comparison's, in percentage points."""

    model_config = STRICT

    value: float | None = Field(description="null when either rate is a band")
    ci_low: float = Field(description="Lower end of the 95% interval (Newcombe), in points")
    ci_high: float = Field(description="Upper end of the 95% interval (Newcombe), in points")


class OutcomePublic(BaseModel):
    """One measure at one horizon for both groups."""

    model_config = STRICT

    measure: Literal["retention", "promotion"]
    months: int
    participants: RatePublic
    comparison: RatePublic
    difference: DifferencePublic


class CurvePointPublic(BaseModel):
    """Retention of both groups some months after the program started."""

    model_config = STRICT

    months: int
    participants: RatePublic
    comparison: RatePublic


class PendingPublic(BaseModel):
    """A horizon not reached yet."""

    model_config = STRICT

    months: int
    available_on: date


class TurnoverPublic(BaseModel):
    """Turnover cost avoided in the first year: leavers avoided × cost per leaver."""

    model_config = STRICT

    salary: float = Field(description="The annual salary assumed")
    share: float = Field(description="The cost of replacing a leaver, as a share of salary")
    source: str = Field(description="Where the default share comes from")
    cost_per_leaver: float
    participants: int
    value: float | None = Field(description="From the retention difference; null if banded")
    low: float = Field(description="From the difference interval's lower end; may be negative")
    high: float = Field(description="From the difference interval's upper end")


class OutcomesPublic(BaseModel):
    """A program's retention and promotion against a matched comparison group."""

    model_config = STRICT

    program_id: int
    program_name: str
    min_group: int
    caveat: str = Field(description="What the comparison can and cannot say")
    status: Literal["not_started", "suppressed", "published"]
    index_date: date | None = Field(description="The program's start: groups are compared from")
    as_of: date | None = Field(description="The day the published counts were taken")
    participants_compared: int | None
    comparison_people: int | None
    participants_unmatched: int | None = Field(
        description="Participants in a stratum with fewer than min_group comparison people"
    )
    outcomes: list[OutcomePublic]
    curve: list[CurvePointPublic]
    pending: list[PendingPublic]
    turnover: TurnoverPublic | None

    @classmethod
    def of(cls, report: OutcomeReport) -> OutcomesPublic:
        """Build from a service's outcome report."""
        c = report.comparison
        published = c is not None and not c.suppressed
        status: Literal["not_started", "suppressed", "published"] = (
            "not_started" if c is None else "suppressed" if c.suppressed else "published"
        )
        t = report.turnover
        return cls(
            program_id=report.program_id,
            program_name=report.program_name,
            min_group=report.min_group,
            caveat=CAVEAT,
            status=status,
            index_date=c.index_date if c else None,
            as_of=c.as_of if c else None,
            participants_compared=c.match.participants if c and published else None,
            comparison_people=c.match.comparison if c and published else None,
            participants_unmatched=c.match.unmatched if c and published else None,
            outcomes=[
                OutcomePublic(
                    measure="retention" if o.measure == "retention" else "promotion",
                    months=o.months,
                    participants=RatePublic.of(o.participants),
                    comparison=RatePublic.of(o.comparison),
                    difference=DifferencePublic(
                        value=o.difference.value, ci_low=o.difference.low, ci_high=o.difference.high
                    ),
                )
                for o in (c.outcomes if c else ())
            ],
            curve=[
                CurvePointPublic(
                    months=p.months,
                    participants=RatePublic.of(p.participants),
                    comparison=RatePublic.of(p.comparison),
                )
                for p in (c.curve if c else ())
            ],
            pending=[
                PendingPublic(months=m, available_on=d) for m, d in (c.pending.items() if c else ())
            ],
            turnover=None
            if t is None
            else TurnoverPublic(
                salary=report.assumption.salary,
                share=report.assumption.share,
                source=TURNOVER_SOURCE,
                cost_per_leaver=t.cost_per_leaver,
                participants=t.participants,
                value=t.value,
                low=t.low,
                high=t.high,
            ),
        )
