"""Risk levels as the dashboard shows them: one colour each, plus a symbol and the word, so a
level reads the same to colour-blind people and on a greyscale printout; and the reasons for a
level, in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    name: str
    rank: int
    colour: str  # Okabe-Ito palette: distinguishable with every common colour-vision deficiency
    tint: str  # the same hue mixed with 75% white, for a whole row
    symbol: str  # shape that carries the level without colour

    @property
    def label(self) -> str:
        return f"{self.symbol} {self.name}"


LEVELS = (
    Level("Critical", 1, "#D55E00", "#F5D7BF", "■■"),
    Level("High", 2, "#E69F00", "#F9E7BF", "▲"),
    Level("Medium", 3, "#F0E442", "#FBF8D0", "◆"),
    Level("Monitor", 4, "#56B4E9", "#D5ECF9", "●"),
    Level("On Track", 5, "#009E73", "#BFE7DC", "✓"),
)
BY_NAME = {level.name: level for level in LEVELS}

# The rules' thresholds (the dbt project's defaults, docs/business-rules.md), for the words
# only: the levels themselves come from the mart.
FAILING_BELOW = 60
GRADE_HIGH_BELOW = 60
GRADE_MEDIUM_BELOW = 70
ATTENDANCE_HIGH_BELOW = 0.65
ATTENDANCE_MEDIUM_BELOW = 0.75
MISSING_MEDIUM_AT = 20


def row_style(level_name: str, columns: int, risk_column: int) -> list[str]:
    """CSS for one roster row: the level's tint, and its full colour in the risk column."""
    level = BY_NAME[level_name]
    styles = [f"background-color: {level.tint}; color: #000000"] * columns
    styles[risk_column] = f"background-color: {level.colour}; color: #000000; font-weight: bold"
    return styles


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if number != number else number  # NaN from pandas means null


def reasons(row: Mapping[str, object]) -> list[str]:
    """Why an enrollment has its overall risk level, one sentence per rule it meets, in the
    order the rules are applied (the first one decides the level)."""
    grade = _number(row.get("current_grade"))
    attendance = _number(row.get("attendance_pct"))
    missing = _number(row.get("missing_assignments_pct"))
    week_grades = [_number(row.get(f"week_{w}_grade_check")) for w in (3, 6, 9)]
    trend = row.get("trend_status")
    found = []
    if trend == "Failing":
        found.append(
            f"Critical: the week 9 grade {week_grades[2]:.1f} is below {FAILING_BELOW} "
            f"(trend: Failing)"
        )
    if row.get("grade_risk") == "High" and grade is not None:
        found.append(f"High: the current grade {grade:.1f} is below {GRADE_HIGH_BELOW}")
    if row.get("attendance_status") == "Critical" and attendance is not None:
        found.append(f"High: attendance {attendance:.1%} is below {ATTENDANCE_HIGH_BELOW:.0%}")
    if row.get("grade_risk") in ("Medium", "Low") and grade is not None:
        found.append(f"Medium: the current grade {grade:.1f} is below {GRADE_MEDIUM_BELOW}")
    if row.get("attendance_status") == "Warning" and attendance is not None:
        found.append(f"Medium: attendance {attendance:.1%} is below {ATTENDANCE_MEDIUM_BELOW:.0%}")
    if row.get("missing_work_risk") == "High" and missing is not None:
        found.append(
            f"Medium: {missing:.1f}% of the work due is missing ({MISSING_MEDIUM_AT}% or more)"
        )
    if trend == "Declining":
        w3, w6, w9 = week_grades
        found.append(
            f"Monitor: the checkpoint grades are declining ({w3:.1f} → {w6:.1f} → {w9:.1f})"
        )
    if not found:
        found.append("On Track: no risk rule applies")
    return found
