"""Risk levels as the dashboard shows them: one colour each, plus a symbol and the word, so a
level reads the same to colour-blind people and on a greyscale printout; and the reasons for a
level, in words.

The rules themselves live in the dbt project. Each published set carries the levels' names and
ranks (``mart_risk_levels``) and every cut point the run applied (``mart_rule_settings``), and
the words here are built from those: a district that sets ``grade_risk_low_below: 75`` gets rows
coloured Medium below 75 and sentences saying "below 75". Only the presentation is the
dashboard's own: the palette and symbols, one per rank.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Look:
    colour: str  # Okabe-Ito palette: distinguishable with every common colour-vision deficiency
    tint: str  # the same hue mixed with 75% white, for a whole row
    symbol: str  # shape that carries the level without colour


# One look per risk rank (1 = the worst level).
LOOKS = {
    1: Look("#D55E00", "#F5D7BF", "■■"),
    2: Look("#E69F00", "#F9E7BF", "▲"),
    3: Look("#F0E442", "#FBF8D0", "◆"),
    4: Look("#56B4E9", "#D5ECF9", "●"),
    5: Look("#009E73", "#BFE7DC", "✓"),
}


def week_strip(ranks: Sequence[int]) -> str:
    """One coloured cell per school week, oldest first, in the levels' colours: an SVG image
    (as a data URL, which a table's image column shows) for a roster row's weekly risk."""
    cell, gap = 12, 2
    rects = "".join(
        f'<rect x="{i * (cell + gap)}" y="1" width="{cell}" height="{cell}" '
        f'fill="{LOOKS[rank].colour}" stroke="#333333" stroke-width="0.5"/>'
        for i, rank in enumerate(ranks)
    )
    width = max(len(ranks) * (cell + gap) - gap, 1)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{cell + 2}">{rects}</svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@dataclass(frozen=True)
class Level:
    name: str
    rank: int
    colour: str
    tint: str
    symbol: str

    @property
    def label(self) -> str:
        return f"{self.symbol} {self.name}"


@dataclass(frozen=True)
class RuleSettings:
    """The cut points and checkpoint weeks a run applied (one row of ``mart_rule_settings``)."""

    checkpoint_weeks: tuple[int, int, int]
    failing_below: float
    grade_risk_high_below: float
    grade_risk_low_below: float
    letter_a_at: float
    letter_b_at: float
    letter_c_at: float
    letter_d_at: float
    missing_work_high_at: float
    attendance_critical_below: float
    attendance_warning_below: float
    chronic_absence_rate_at: float
    chronic_absence_min_days: int

    @classmethod
    def from_row(cls, row: Mapping[str, object]) -> RuleSettings:
        weeks = ("first_checkpoint_week", "second_checkpoint_week", "third_checkpoint_week")
        numbers = {
            name: float(row[name])  # type: ignore[arg-type]
            for name in cls.__dataclass_fields__
            if name not in ("checkpoint_weeks", "chronic_absence_min_days")
        }
        return cls(
            checkpoint_weeks=tuple(int(row[w]) for w in weeks),  # type: ignore[arg-type]
            chronic_absence_min_days=int(row["chronic_absence_min_days"]),  # type: ignore[arg-type]
            **numbers,
        )

    def week_labels(self) -> tuple[str, str, str]:
        """Headers of the three checkpoint columns (week_3/6/9_grade_check), e.g. "Week 3"."""
        first, second, third = (f"Week {week}" for week in self.checkpoint_weeks)
        return first, second, third

    def letter_caption(self) -> str:
        a, b, c, d = (
            number(cut)
            for cut in (self.letter_a_at, self.letter_b_at, self.letter_c_at, self.letter_d_at)
        )
        return f"A ≥ {a}, B ≥ {b}, C ≥ {c}, D ≥ {d}, F < {d}"

    def chronic_absence_caption(self) -> str:
        return (
            f"Absent on at least {percent(self.chronic_absence_rate_at)} of at least "
            f"{self.chronic_absence_min_days} recorded school days."
        )


@dataclass(frozen=True)
class Rules:
    """What a published set says about its rules: the levels in rank order and the settings."""

    levels: tuple[Level, ...]
    settings: RuleSettings

    @classmethod
    def from_frames(cls, levels: pd.DataFrame, settings: pd.DataFrame) -> Rules:
        """From ``mart_risk_levels`` (any order) and ``mart_rule_settings`` (one row)."""
        if len(settings) != 1:
            raise ValueError(f"mart_rule_settings holds {len(settings)} rows, expected one")
        found = []
        ranked = zip(levels["risk_rank"], levels["overall_risk_level"], strict=True)
        for rank, name in sorted(ranked):
            look = LOOKS.get(int(rank))
            if look is None:
                raise ValueError(
                    f"The published risk level {name!r} has rank {rank}, which has no colour: "
                    f"add a look for it to LOOKS in ieta_dashboard/risk.py."
                )
            found.append(Level(name, int(rank), look.colour, look.tint, look.symbol))
        return cls(tuple(found), RuleSettings.from_row(settings.iloc[0].to_dict()))

    @property
    def names(self) -> list[str]:
        return [level.name for level in self.levels]

    def level(self, name: str) -> Level:
        for level in self.levels:
            if level.name == name:
                return level
        raise KeyError(f"{name!r} is not a published risk level ({', '.join(self.names)})")

    def by_rank(self, rank: int) -> Level:
        return self.levels[rank - 1]

    def row_style(self, level_name: str, columns: int, risk_column: int) -> list[str]:
        """CSS for one roster row: the level's tint, and its full colour in the risk column."""
        level = self.level(level_name)
        styles = [f"background-color: {level.tint}; color: #000000"] * columns
        styles[risk_column] = f"background-color: {level.colour}; color: #000000; font-weight: bold"
        return styles

    def reasons(self, row: Mapping[str, object]) -> list[str]:
        """Why an enrollment has its overall risk level, one sentence per rule it meets, in the
        order the rules are applied (the first one decides the level). Which rules apply is
        read from the statuses dbt computed (trend_status, grade_risk, attendance_status,
        missing_work_risk); the numbers in the words are the published cut points."""
        s = self.settings
        critical, high, medium, monitor, on_track = (self.by_rank(r).name for r in range(1, 6))
        grade = _number(row.get("current_grade"))
        attendance = _number(row.get("attendance_pct"))
        missing = _number(row.get("missing_assignments_pct"))
        week_grades = [
            _number(row.get(f"week_{w}_grade_check")) for w in (3, 6, 9)
        ]  # the three checkpoint columns, whatever the weeks
        trend = row.get("trend_status")
        found = []
        if trend == "Failing":
            found.append(
                f"{critical}: the week {s.checkpoint_weeks[2]} grade {week_grades[2]:.1f} is "
                f"below {number(s.failing_below)} (trend: Failing)"
            )
        if row.get("grade_risk") == "High" and grade is not None:
            found.append(
                f"{high}: the current grade {grade:.1f} is below {number(s.grade_risk_high_below)}"
            )
        if row.get("attendance_status") == "Critical" and attendance is not None:
            found.append(
                f"{high}: attendance {attendance:.1%} is below "
                f"{percent(s.attendance_critical_below)}"
            )
        if row.get("grade_risk") in ("Medium", "Low") and grade is not None:
            found.append(
                f"{medium}: the current grade {grade:.1f} is below {number(s.grade_risk_low_below)}"
            )
        if row.get("attendance_status") == "Warning" and attendance is not None:
            found.append(
                f"{medium}: attendance {attendance:.1%} is below "
                f"{percent(s.attendance_warning_below)}"
            )
        if row.get("missing_work_risk") == "High" and missing is not None:
            found.append(
                f"{medium}: {missing:.1f}% of the work due is missing "
                f"({number(s.missing_work_high_at)}% or more)"
            )
        if trend == "Declining":
            w1, w2, w3 = week_grades
            found.append(
                f"{monitor}: the checkpoint grades are declining ({w1:.1f} → {w2:.1f} → {w3:.1f})"
            )
        if not found:
            found.append(f"{on_track}: no risk rule applies")
        return found


def number(value: float) -> str:
    """A cut point as written in a sentence: 60 as "60", 62.5 as "62.5"."""
    return f"{value:g}"


def percent(share: float) -> str:
    """A share as a percentage: 0.65 as "65%", 0.655 as "65.5%"."""
    return f"{round(share * 100, 4):g}%"


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if number != number else number  # NaN from pandas means null
