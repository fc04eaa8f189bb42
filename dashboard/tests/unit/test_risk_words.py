"""The reason sentences, captions and labels are worded from the cut points a set publishes
(mart_rule_settings), never from constants of the dashboard; a set without them is refused
with a clear message. No pipeline run needed."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from ieta_dashboard.published import NoPublishedDataError, current_set
from ieta_dashboard.risk import Rules

LEVELS = pd.DataFrame(
    {
        "risk_rank": [3, 1, 2, 5, 4],  # any order: the rank orders them
        "overall_risk_level": ["Medium", "Critical", "High", "On Track", "Monitor"],
    }
)
DEFAULTS = {
    "first_checkpoint_week": 3, "second_checkpoint_week": 6, "third_checkpoint_week": 9,
    "failing_below": 60.0, "grade_risk_high_below": 60.0, "grade_risk_medium_below": 65.0,
    "grade_risk_low_below": 70.0, "letter_a_at": 90.0, "letter_b_at": 80.0,
    "letter_c_at": 70.0, "letter_d_at": 60.0, "missing_work_high_at": 20.0,
    "missing_work_medium_at": 15.0, "attendance_critical_below": 0.65,
    "attendance_warning_below": 0.75, "attendance_monitor_below": 0.8,
    "chronic_absence_rate_at": 0.1, "chronic_absence_min_days": 10,
}  # fmt: skip


def rules(**changed: float) -> Rules:
    return Rules.from_frames(LEVELS, pd.DataFrame([{**DEFAULTS, **changed}]))


MEDIUM_ROW = {
    "current_grade": 72.0, "grade_risk": "Low", "trend_status": "Fluctuating",
    "attendance_pct": 0.7, "attendance_status": "Warning",
    "missing_assignments_pct": 25.0, "missing_work_risk": "High",
}  # fmt: skip


def test_levels_come_in_rank_order_with_their_look() -> None:
    found = rules()
    assert found.names == ["Critical", "High", "Medium", "Monitor", "On Track"]
    assert found.level("Medium").colour == "#F0E442"
    assert found.level("On Track").label == "✓ On Track"


def test_default_words() -> None:
    assert rules().reasons(MEDIUM_ROW) == [
        "Medium: the current grade 72.0 is below 70",
        "Medium: attendance 70.0% is below 75%",
        "Medium: 25.0% of the work due is missing (20% or more)",
    ]
    settings = rules().settings
    assert settings.letter_caption() == "A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, F < 60"
    assert settings.chronic_absence_caption() == (
        "Absent on at least 10% of at least 10 recorded school days."
    )
    assert settings.week_labels() == ("Week 3", "Week 6", "Week 9")


def test_changed_cut_points_change_the_words() -> None:
    changed = rules(
        grade_risk_low_below=75, attendance_warning_below=0.755, missing_work_high_at=22.5,
        letter_d_at=65, chronic_absence_rate_at=0.15, chronic_absence_min_days=12,
        first_checkpoint_week=4, second_checkpoint_week=8, third_checkpoint_week=12,
    )  # fmt: skip
    assert changed.reasons(MEDIUM_ROW) == [
        "Medium: the current grade 72.0 is below 75",
        "Medium: attendance 70.0% is below 75.5%",
        "Medium: 25.0% of the work due is missing (22.5% or more)",
    ]
    failing = {**MEDIUM_ROW, "trend_status": "Failing", "week_9_grade_check": 55.0}
    assert changed.reasons(failing)[0] == (
        "Critical: the week 12 grade 55.0 is below 60 (trend: Failing)"
    )
    assert changed.settings.letter_caption() == "A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 65, F < 65"
    assert changed.settings.chronic_absence_caption() == (
        "Absent on at least 15% of at least 12 recorded school days."
    )
    assert changed.settings.week_labels() == ("Week 4", "Week 8", "Week 12")


def test_a_level_without_a_colour_is_a_clear_error() -> None:
    six = pd.DataFrame({"risk_rank": [1, 2, 3, 4, 5, 6], "overall_risk_level": list("ABCDEF")})
    with pytest.raises(ValueError, match="rank 6, which has no colour"):
        Rules.from_frames(six, pd.DataFrame([DEFAULTS]))


def test_a_set_from_before_the_published_settings_is_a_clear_message(tmp_path: Path) -> None:
    """A set published before the settings were (no mart_rule_settings): the dashboard says to
    run the pipeline again instead of failing on a missing file."""
    (tmp_path / "sets" / "old").mkdir(parents=True)
    (tmp_path / "current.txt").write_text("old\n")
    old_counts = {"mart_student_dashboard": 1, "mart_class_summary": 1, "mart_data_quality": 1}
    manifest = {"run_id": "r", "published_at": "2026-01-01T00:00:00+00:00", "as_of": "2026-01-01"}
    (tmp_path / "sets" / "old" / "published.json").write_text(
        json.dumps({**manifest, "row_counts": old_counts})
    )
    with pytest.raises(NoPublishedDataError, match="mart_rule_settings.*Run the pipeline again"):
        current_set(tmp_path)
