"""Generate the synthetic source data served by the SIS, LMS and State Reporting APIs.

Writes five parquet files (docs/data-contract.md) for a fictional high-school district:

- ``students.parquet``    SIS roster, one row per student
- ``attendance.parquet``  SIS attendance, one row per enrollment, one column per school day
- ``assignments.parquet`` LMS assignment catalog (names, types, due dates)
- ``gradebook.parquet``   LMS gradebook, one row per enrollment, one column per catalog item
- ``isat_data.parquet``   State Reporting ISAT results, one row per tested student

The output is a pure function of ``--seed`` and ``--students``: one seeded numpy Generator drives
every random choice and parquet is written with fixed settings, so the same arguments give
byte-identical files (with the same pyarrow version). Everything is built column-wise with numpy,
so 100,000 students take a few seconds.

The default data deliberately contains a small, fixed set of source defects (see DEFECTS and
api/README.md) so the pipeline's cleaning rules (docs/data-contract.md) have something to do.

With ``--format oneroster`` the same district is written as a drop folder for
``IETA_SOURCE=files`` instead: a OneRoster 1.2 (or, with ``--oneroster-version 1.1``, 1.1) bulk
CSV export plus attendance.csv, attendance_codes.csv and state_scores.csv (``write_drop_folder``;
mapping in docs/data-contract.md).

Usage: python scripts/generate_data.py [--students N] [--seed S] [--out DIR]
                                       [--format parquet|oneroster] [--oneroster-version 1.1|1.2]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data"
DEFAULT_STUDENTS = 500
DEFAULT_SEED = 42
MIN_STUDENTS = 100  # below this the fixed defect set would not fit comfortably

# ---------------------------------------------------------------------------------------------
# Term calendar
# ---------------------------------------------------------------------------------------------
TERM_START = date(2026, 1, 5)  # a Monday
TERM_WEEKS = 9
HOLIDAYS = frozenset({date(2026, 2, 16)})  # Presidents' Day


def school_days(start: date = TERM_START, weeks: int = TERM_WEEKS) -> list[date]:
    """Weekdays of the term, minus holidays (44 days for the default term)."""
    days = (start + timedelta(days=i) for i in range(weeks * 7))
    return [d for d in days if d.weekday() < 5 and d not in HOLIDAYS]


# ---------------------------------------------------------------------------------------------
# Assignment catalog. Names are deliberately free text (no dates, no single numbering pattern):
# the pipeline must take due dates from the catalog, not from column names. Each entry is
# (name, type, week of term 1..9, weekday 0=Mon). Two assignments a week plus a test every three
# weeks; the tests and one assignment each in weeks 3 and 9 fall exactly on the checkpoint
# Fridays, and one item falls on the Monday right after the week-3 checkpoint, so "due on or
# before the checkpoint" boundaries are exercised.
# ---------------------------------------------------------------------------------------------
CATALOG_SPEC: list[tuple[str, str, int, int]] = [
    ("Syllabus Scavenger Hunt", "Assignment", 1, 1),
    ("Diagnostic Warm-up", "Assignment", 1, 3),
    ("Vocabulary Builder", "Assignment", 2, 2),
    ("Problem Set: Foundations", "Assignment", 2, 4),
    ("Lab: Measurement and Error", "Assignment", 3, 1),
    ("Evidence Paragraph", "Assignment", 3, 4),
    ("Unit 1 Test", "Test", 3, 4),
    ("Graph Analysis", "Assignment", 4, 0),
    ("Peer Review Draft", "Assignment", 4, 3),
    ("Problem Set: Functions", "Assignment", 5, 1),
    ("Lab: Data Collection", "Assignment", 5, 4),
    ("Primary Source Reading", "Assignment", 6, 2),
    ("Group Project Proposal", "Assignment", 6, 3),
    ("Midterm Exam", "Test", 6, 4),
    ("Lab: Systems and Models", "Assignment", 7, 1),
    ("Short Essay", "Assignment", 7, 3),
    ("Problem Set: Applications", "Assignment", 8, 2),
    ("Research Notes Check", "Assignment", 8, 4),
    ("Review Packet", "Assignment", 9, 1),
    ("Reflection Journal", "Assignment", 9, 4),
    ("Term Final", "Test", 9, 4),
]
POINTS_POSSIBLE = 100

# ---------------------------------------------------------------------------------------------
# Courses: four per grade level, course_id sorts the way a registrar would list them.
# ---------------------------------------------------------------------------------------------
COURSES_BY_GRADE: dict[int, list[str]] = {
    9: ["ENG-109", "MATH-101", "SCI-101", "SS-101"],  # English 9, Algebra I, Biology, World Hist
    10: ["ENG-210", "MATH-201", "SCI-201", "SS-201"],  # English 10, Geometry, Chemistry, Civics
    11: ["ENG-311", "MATH-301", "SCI-301", "SS-301"],  # English 11, Algebra II, Physics, US Hist
    12: ["ENG-412", "MATH-401", "SCI-401", "SS-401"],  # English 12, Precalc, Env. Sci, Economics
}
GRADE_LEVELS = np.array([9, 10, 11, 12])
GRADE_WEIGHTS = np.array([0.27, 0.26, 0.24, 0.23])  # upper grades shrink a little (attrition)
COURSES_PER_STUDENT_WEIGHTS = np.array([0.20, 0.35, 0.45])  # 1, 2 or 3 courses
MAX_SECTION_SIZE = 28  # sections = ceil(enrolled / 28): 20-28 students once enrollment grows
SECTIONS_PER_TEACHER = 5

# Word lists read better as one string than as ~190 quoted names, hence the noqa.
FIRST_NAMES = (  # noqa: SIM905
    "Aaliyah Aiden Alejandro Amara Andre Ava Benjamin Brianna Caleb Camila Carlos Chloe Daniel "
    "Destiny Diego Elena Elijah Emily Ethan Fatima Gabriel Grace Hannah Hector Isabella Isaiah "
    "Jacob Jada Jamal Jasmine Javier Jayden Jordan Julia Kayla Kevin Layla Leah Liam Lucas Luis "
    "Madison Malik Maria Mason Maya Mia Micah Miguel Naomi Nathan Nia Noah Olivia Omar Priya "
    "Rafael Riley Samuel Sara Sofia Tariq Trinity Tyler Valeria Victor Xavier Yusuf Zoe Amir "
    "Chen Dmitri Ingrid Kenji Lena Mateo Nora Ravi"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Adams Ahmed Alvarez Anderson Baker Brooks Brown Castillo Chen Clark Cruz Davis Diaz Evans "
    "Flores Garcia Gomez Gonzalez Green Hall Harris Hernandez Hill Jackson Johnson Jones Kim "
    "King Lee Lewis Lopez Martin Martinez Miller Mitchell Moore Morales Murphy Nguyen Nelson "
    "Ortiz Patel Perez Phillips Ramirez Reyes Rivera Roberts Robinson Rodriguez Sanchez Scott "
    "Singh Smith Taylor Thomas Thompson Torres Walker Washington White Williams Wilson Wright "
    "Young Zhang"
).split()
TEACHER_TITLES = ["Ms.", "Mr.", "Dr.", "Mrs."]
TEACHER_SURNAMES = (  # noqa: SIM905
    "Abbott Barnes Bell Bishop Carter Coleman Cooper Dawson Ellis Fischer Foster Garcia Grant "
    "Hayes Henderson Holt Hughes Jensen Keller Kowalski Larsen Lin Marsh Medina Meyer Novak "
    "Okafor Osei Park Pearson Quinn Ramos Reed Russo Santos Shah Silva Sullivan Tanaka Vargas "
    "Wagner Ward Weber Yamada"
).split()

# Attendance codes as stored: index into this list, -1 = null (not recorded).
ATTENDANCE_CODES = ["", "Absent", "Tardy", "Excused", "L", "Late"]
PRESENT, ABSENT, TARDY, EXCUSED = 0, 1, 2, 3
UNKNOWN_CODES = [4, 5, 4, 5]  # 'L', 'Late', 'L', 'Late': one cell each, see DEFECTS

ISAT_CUTS = (660, 720, 770)  # Below Basic < 660 <= Basic < 720 <= Proficient < 770 <= Advanced
ISAT_LEVELS = ["Below Basic", "Basic", "Proficient", "Advanced"]
ISAT_COVERAGE = 0.95  # share of roster students with an ISAT row


# ---------------------------------------------------------------------------------------------
# Trajectory archetypes per enrollment. level0 = expected score at term start, slope = change in
# expected score over the whole term, noise = per-item standard deviation. Weights were tuned with
# a throwaway checker so every trend / risk category of the business rules shows up in >= 3% of
# enrollments at 500 and 2,000 students across seeds.
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Archetype:
    name: str
    weight: float
    level0: tuple[float, float]  # uniform range
    slope: tuple[float, float]  # uniform range, points over the term
    noise: float
    missing_weights: tuple[float, ...]  # P(k missing items) for k = 0, 1, 2, ...


ARCHETYPES: list[Archetype] = [
    # Solid, steady students: mostly Fluctuating trend, On Track.
    Archetype("steady", 0.38, (74, 96), (-6, 6), 6.0, (0.40, 0.22, 0.14, 0.09, 0.08, 0.04, 0.03)),
    # Start shaky, climb: Improving.
    Archetype("improving", 0.15, (56, 70), (22, 38), 4.0, (0.35, 0.22, 0.15, 0.1, 0.1, 0.05, 0.03)),
    # Start strong, slide: Declining (Monitor when the grade still holds above 70).
    Archetype(
        "declining", 0.16, (88, 99), (-34, -22), 4.0, (0.4, 0.22, 0.14, 0.1, 0.08, 0.04, 0.02)
    ),
    # Hovering around the 60-70 line: grade_risk Medium / Low, overall Medium.
    Archetype("borderline", 0.18, (58, 73), (-5, 5), 6.0, (0.2, 0.2, 0.15, 0.12, 0.12, 0.1, 0.11)),
    # Failing: w9 < 60, overall Critical; they also miss more work.
    Archetype(
        "failing",
        0.13,
        (30, 58),
        (-8, 8),
        9.0,
        (0.08, 0.1, 0.12, 0.12, 0.12, 0.12, 0.12, 0.11, 0.11),
    ),
]
TEST_OFFSET = -3.0  # tests score a little below homework
TEST_NOISE_FACTOR = 1.5

# Attendance bands per student: (name, weight, absence-rate range). Rates are applied to the days
# the student was enrolled, so bands map onto Good / Monitor / Warning / Critical.
ATTENDANCE_BANDS: list[tuple[str, float, tuple[float, float]]] = [
    ("good", 0.72, (0.0, 0.15)),
    ("monitor", 0.08, (0.205, 0.24)),
    ("warning", 0.09, (0.265, 0.33)),
    ("critical", 0.11, (0.38, 0.6)),
]
EXCUSED_SHARE = 0.3  # share of a student's absent days that are excused
TARDY_RATE = 0.04  # per enrollment-day, on present days
CUT_CLASS_RATE = 0.01  # per enrollment-day: absent from one class while present at school
UNRECORDED_RATE = 0.003  # per cell: teacher did not take attendance
LATE_ENROLL_RATE = 0.07  # students who join after the week-3 checkpoint -> trend 'No Data'
LATE_START_DAY_RANGE = (15, 25)  # school-day index: weeks 4-5 of the term

# ---------------------------------------------------------------------------------------------
# Documented defects (exact counts, any seed, any --students >= MIN_STUDENTS). Keep in sync with
# api/README.md "Known source defects" and tests/test_generate_data.py.
# ---------------------------------------------------------------------------------------------
DEFECTS = {
    "duplicate_gradebook_rows": 1,  # one enrollment repeated verbatim (next row)
    "duplicate_attendance_rows": 1,  # the same enrollment, repeated verbatim in attendance
    "gradebook_name_defects": 6,  # 2 padded, 2 doubled inner space, 2 UPPER CASE
    "attendance_name_defects": 6,  # same three kinds, on other enrollments
    "isat_name_defects": 3,  # one of each kind
    "teacher_trailing_space": 1,  # one gradebook row
    "scores_above_100": 5,  # extra credit, 103-110, five different enrollments
    "unknown_attendance_codes": 4,  # 'L', 'Late', 'L', 'Late' in four different rows
    "isat_eduid_not_on_roster": 1,
}
NAME_DEFECT_KINDS = ("padded", "double_space", "upper")


def _mangle_name(name: str, kind: str) -> str:
    """Apply one kind of messy-export damage to a clean 'First Last' name."""
    if kind == "padded":
        return f"  {name} "
    if kind == "double_space":
        return name.replace(" ", "  ", 1)
    return name.upper()


def _draw_category(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """Index of a weighted category per element (weights need not sum exactly to 1)."""
    w = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(w), size=size, p=w / w.sum())


def _exact_category(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """Weighted categories with exact counts (largest remainder), in random order.

    Used where small data sets must still show every category: sampling each element
    independently can leave a 3% category nearly empty at a few hundred rows.
    """
    w = np.asarray(weights, dtype=np.float64)
    share = w / w.sum() * size
    counts = np.floor(share).astype(np.int64)
    remainder = size - counts.sum()
    counts[np.argsort(-(share - counts), kind="stable")[:remainder]] += 1
    return rng.permutation(np.repeat(np.arange(len(w)), counts))


def _round_half_up(x: np.ndarray, decimals: int) -> np.ndarray:
    """Round half away from zero for non-negative values (np.round is banker's rounding)."""
    f = 10.0**decimals
    return np.floor(x * f + 0.5) / f


def _first_k_mask(rng: np.random.Generator, blocked: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Per row, mark k random cells among the non-blocked ones (vectorized, no Python loop)."""
    keys = rng.random(blocked.shape)
    keys[blocked] = 2.0  # blocked cells sort last, so they are only picked if k exceeds the rest
    order = np.argsort(keys, axis=1, kind="stable")
    picked = np.arange(blocked.shape[1])[None, :] < k[:, None]
    mask = np.zeros(blocked.shape, dtype=bool)
    np.put_along_axis(mask, order, picked, axis=1)
    return mask & ~blocked


def _str_array(values: np.ndarray | list[str]) -> pa.Array:
    return pa.array(values, type=pa.string())


def _write(table: pa.Table, path: Path) -> None:
    """Write parquet with fixed settings, atomically (a serving API never sees half a file)."""
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(
        table,
        tmp,
        compression="zstd",
        compression_level=3,
        use_dictionary=True,
        write_statistics=True,
        row_group_size=1_000_000,
    )
    os.replace(tmp, path)


def generate(
    n_students: int,
    seed: int,
    out_dir: Path,
    output_format: str = "parquet",
    oneroster_version: str = "1.2",
    district_style: bool = False,
) -> dict[str, int]:
    """Write the district of ``seed`` and ``n_students`` into out_dir; return rows per file.

    ``output_format`` "parquet" writes the five files the APIs serve; "oneroster" writes the same
    district as a drop folder (see ``write_drop_folder``).
    """
    tables = build_tables(n_students, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    if output_format == "oneroster":
        return write_drop_folder(tables, out_dir, oneroster_version, district_style)
    counts: dict[str, int] = {}
    for fname, table in tables.items():
        _write(table, out_dir / fname)
        counts[fname] = table.num_rows
    return counts


def build_tables(n_students: int, seed: int) -> dict[str, pa.Table]:
    """The five source tables (docs/data-contract.md) of the district, by parquet file name."""
    if n_students < MIN_STUDENTS:
        raise ValueError(f"--students must be >= {MIN_STUDENTS} (got {n_students})")
    rng = np.random.default_rng(seed)
    days = school_days()
    n_days = len(days)
    day_index = {d: i for i, d in enumerate(days)}

    # ---------------- students ----------------
    n = n_students
    student_id = np.arange(100001, 100001 + n, dtype=np.int64)
    # State ids: a seeded sample without replacement from 10^9 numbers, so they are unique, look
    # random, and cannot be derived from student_id. One extra id is drawn for the ISAT row of a
    # student who is not on the roster (defect 5): it is guaranteed to differ from all others.
    edu_num = rng.choice(1_000_000_000, size=n + 1, replace=False)
    eduids = pc.binary_join_element_wise(
        "S", pc.utf8_lpad(pa.array(edu_num).cast(pa.string()), 9, "0"), ""
    )
    eduid = eduids.slice(0, n)
    orphan_eduid = eduids[n].as_py()
    first = rng.integers(0, len(FIRST_NAMES), n)
    last = rng.integers(0, len(LAST_NAMES), n)
    names = pc.binary_join_element_wise(
        pa.array(FIRST_NAMES).take(pa.array(first)),
        pa.array(LAST_NAMES).take(pa.array(last)),
        " ",
    )
    grade_level = GRADE_LEVELS[_draw_category(rng, GRADE_WEIGHTS, n)].astype(np.int64)

    late = _exact_category(rng, np.array([1 - LATE_ENROLL_RATE, LATE_ENROLL_RATE]), n) == 1
    start_day = np.where(late, rng.integers(*LATE_START_DAY_RANGE, size=n), 0)

    # ---------------- enrollments ----------------
    course_ids = [c for g in sorted(COURSES_BY_GRADE) for c in COURSES_BY_GRADE[g]]
    per_grade = len(COURSES_BY_GRADE[9])
    n_courses = _draw_category(rng, COURSES_PER_STUDENT_WEIGHTS, n) + 1
    perm = np.argsort(rng.random((n, per_grade)), axis=1)  # random course order per student
    take = np.arange(per_grade)[None, :] < n_courses[:, None]
    enr_student = np.repeat(np.arange(n), n_courses)
    enr_course = (grade_level[enr_student] - 9) * per_grade + perm[take]
    order = np.lexsort((enr_course, enr_student))  # export order: student_id, then course_id
    enr_student, enr_course = enr_student[order], enr_course[order]
    e = len(enr_student)

    # Sections: shuffle each course's students, deal them round-robin into ceil(n/28) sections.
    n_per_course = np.bincount(enr_course, minlength=len(course_ids))
    n_sections = np.maximum(1, -(-n_per_course // MAX_SECTION_SIZE))
    by_course = np.lexsort((rng.random(e), enr_course))
    course_start = np.concatenate([[0], np.cumsum(n_per_course)[:-1]])
    rank = np.empty(e, dtype=np.int64)
    rank[by_course] = np.arange(e) - course_start[enr_course[by_course]]
    section_num = rank % n_sections[enr_course] + 1
    section_offset = np.concatenate([[0], np.cumsum(n_sections)[:-1]])
    section_gid = section_offset[enr_course] + section_num - 1

    # Teachers: each teacher takes up to 5 sections of one course. Names are a random title and a
    # shuffled surname; once the surnames run out a first initial keeps names distinct (about
    # 2,900 teachers), so a large district's staff do not collapse onto a handful of names.
    teachers_per_course = -(-n_sections // SECTIONS_PER_TEACHER)
    teacher_offset = np.concatenate([[0], np.cumsum(teachers_per_course)[:-1]])
    n_teachers = int(teachers_per_course.sum())
    surnames = sorted(set(TEACHER_SURNAMES) | set(LAST_NAMES))
    surname_order = rng.permutation(len(surnames))
    titles = rng.integers(len(TEACHER_TITLES), size=n_teachers)
    teacher_pool = []
    for k in range(n_teachers):  # one per teacher (~1,800 at 100k students), not per row
        rnd, pos = divmod(k, len(surnames))
        initial = "" if rnd == 0 else f"{chr(ord('A') + (rnd - 1) % 26)}. "
        teacher_pool.append(f"{TEACHER_TITLES[titles[k]]} {initial}{surnames[surname_order[pos]]}")
    sec_course = np.repeat(np.arange(len(course_ids)), n_sections)
    sec_num = np.arange(n_sections.sum()) - section_offset[sec_course]
    sec_teacher = teacher_offset[sec_course] + sec_num % teachers_per_course[sec_course]
    enr_teacher_idx = sec_teacher[section_gid]

    # ---------------- scores ----------------
    catalog = sorted(
        (
            (TERM_START + timedelta(days=7 * (w - 1) + wd), typ != "Assignment", name, typ)
            for name, typ, w, wd in CATALOG_SPEC
        ),
    )
    for due, _, name, _ in catalog:
        if due not in day_index:
            raise AssertionError(f"{name} is due on {due}, which is not a school day")
    item_names = [c[2] for c in catalog]
    item_types = [c[3] for c in catalog]
    item_due = [c[0] for c in catalog]
    item_day = np.array([day_index[d] for d in item_due])
    is_test = np.array([t == "Test" for t in item_types])
    m = len(item_names)
    t = item_day / (n_days - 1)  # 0 at term start, 1 at term end

    arch = _exact_category(rng, np.array([a.weight for a in ARCHETYPES]), e)
    level0 = np.empty(e)
    slope = np.empty(e)
    noise_sd = np.empty(e)
    n_missing = np.empty(e, dtype=np.int64)
    for a_idx, a in enumerate(ARCHETYPES):  # loop over 5 archetypes, not over rows
        sel = np.flatnonzero(arch == a_idx)
        level0[sel] = rng.uniform(*a.level0, size=len(sel))
        slope[sel] = rng.uniform(*a.slope, size=len(sel))
        noise_sd[sel] = a.noise
        n_missing[sel] = _draw_category(rng, np.array(a.missing_weights), len(sel))

    noise = rng.standard_normal((e, m)) * noise_sd[:, None]
    noise[:, is_test] *= TEST_NOISE_FACTOR
    expected = level0[:, None] + slope[:, None] * t[None, :] + np.where(is_test, TEST_OFFSET, 0.0)
    scores = np.clip(np.rint(expected + noise), 0, 100)
    # Late enrollees have nothing before they arrived; then k random items are not submitted.
    not_enrolled = item_day[None, :] < start_day[enr_student][:, None]
    missing = not_enrolled | _first_k_mask(rng, not_enrolled, n_missing)
    scores[missing] = np.nan

    # ---------------- attendance ----------------
    # Absence days are drawn per student (a student out sick misses every class), then each
    # enrollment adds its own tardies and cut classes.
    band = _exact_category(rng, np.array([b[1] for b in ATTENDANCE_BANDS]), n)
    lo = np.array([b[2][0] for b in ATTENDANCE_BANDS])[band]
    hi = np.array([b[2][1] for b in ATTENDANCE_BANDS])[band]
    before_start = np.arange(n_days)[None, :] < start_day[:, None]
    days_enrolled = n_days - start_day
    n_absent = np.rint(rng.uniform(lo, hi) * days_enrolled).astype(np.int64)
    stu_absent = _first_k_mask(rng, before_start, n_absent)
    stu_code = np.where(stu_absent, ABSENT, PRESENT).astype(np.int8)
    stu_code[stu_absent & (rng.random((n, n_days)) < EXCUSED_SHARE)] = EXCUSED

    att = stu_code[enr_student]
    present = att == PRESENT
    u = rng.random((e, n_days))
    att[present & (u < CUT_CLASS_RATE)] = ABSENT
    att[present & (u >= CUT_CLASS_RATE) & (u < CUT_CLASS_RATE + TARDY_RATE)] = TARDY
    att[rng.random((e, n_days)) < UNRECORDED_RATE] = -1
    att[before_start[enr_student]] = -1

    # ---------------- defects on enrollments ----------------
    # One shuffled list of enrollment indices, cut into disjoint slices, so every defect lands on
    # a different row and the documented counts stay exact.
    pool = rng.permutation(e)
    # Extra credit needs an enrollment with plenty of submitted work; take those first.
    completed = (~missing).sum(axis=1)
    pool = np.concatenate([pool[completed[pool] >= 12], pool[completed[pool] < 12]])
    cursor = 0

    def take_rows(k: int) -> np.ndarray:
        nonlocal cursor
        rows = pool[cursor : cursor + k]
        cursor += k
        return rows

    extra_rows = take_rows(DEFECTS["scores_above_100"])
    for r in extra_rows:  # 5 rows: a tiny Python loop is fine
        cols = np.flatnonzero(~np.isnan(scores[r]))
        scores[r, cols[rng.integers(len(cols))]] = float(rng.integers(103, 111))
    dup_row = int(take_rows(1)[0])
    gb_name_rows = take_rows(DEFECTS["gradebook_name_defects"])
    att_name_rows = take_rows(DEFECTS["attendance_name_defects"])
    teacher_row = int(take_rows(1)[0])
    code_rows = take_rows(DEFECTS["unknown_attendance_codes"])
    for r, code in zip(code_rows, UNKNOWN_CODES, strict=True):
        att[r, rng.integers(LATE_START_DAY_RANGE[1], n_days)] = code

    # current_grade: the LMS's own average of the submitted scores (raw, extra credit included).
    n_scored = (~np.isnan(scores)).sum(axis=1)
    with np.errstate(invalid="ignore"):
        current = _round_half_up(np.nansum(scores, axis=1) / n_scored, 2)
    current[n_scored == 0] = np.nan

    # Names per enrollment from the roster, then the documented damage.
    enr_names = names.take(pa.array(enr_student)).to_pylist()
    gb_names = list(enr_names)
    att_names = list(enr_names)
    for i, r in enumerate(gb_name_rows):
        gb_names[r] = _mangle_name(gb_names[r], NAME_DEFECT_KINDS[i % 3])
    for i, r in enumerate(att_name_rows):
        att_names[r] = _mangle_name(att_names[r], NAME_DEFECT_KINDS[i % 3])
    teacher_names = [teacher_pool[i] for i in enr_teacher_idx]
    teacher_names[teacher_row] += " "
    # The SIS's staff id of each row's teacher: the login follows it, never the display name.
    teacher_ids = [f"T{i + 1:05d}" for i in enr_teacher_idx]

    # The duplicated enrollment is emitted twice in a row in both files.
    row_order = np.insert(np.arange(e), dup_row + 1, dup_row)
    enr_sid = pa.array(student_id[enr_student][row_order])
    enr_cid = pa.array(course_ids).take(pa.array(enr_course[row_order]))
    enr_sec = _str_array([f"{s:02d}" for s in range(1, int(n_sections.max()) + 1)]).take(
        pa.array(section_num[row_order] - 1)
    )
    row_order_pa = pa.array(row_order)

    # ---------------- write ----------------
    students = pa.table(
        {
            "student_id": pa.array(student_id),
            "eduid": eduid,
            "student_name": names,
            "grade_level": pa.array(grade_level),
        }
    )

    code_dict = _str_array(ATTENDANCE_CODES)
    att_cols: dict[str, pa.Array] = {
        "student_id": enr_sid,
        "student_name": _str_array(att_names).take(row_order_pa),
        "course_id": enr_cid,
        "section_id": enr_sec,
    }
    for j, d in enumerate(days):
        col = att[row_order, j]
        att_cols[d.isoformat()] = code_dict.take(pa.array(col, mask=col < 0, type=pa.int8()))
    attendance = pa.table(att_cols)

    assignments = pa.table(
        {
            "assignment_name": _str_array(item_names),
            "assignment_type": _str_array(item_types),
            "assignment_number": pa.array(
                [item_types[: i + 1].count(item_types[i]) for i in range(m)], type=pa.int64()
            ),
            "due_date": pa.array(item_due, type=pa.date32()),
            "points_possible": pa.array([POINTS_POSSIBLE] * m, type=pa.int64()),
        }
    )

    gb_cols: dict[str, pa.Array] = {
        "student_id": enr_sid,
        "student_name": _str_array(gb_names).take(row_order_pa),
        "course_id": enr_cid,
        "section_id": enr_sec,
        "teacher": _str_array(teacher_names).take(row_order_pa),
        "teacher_id": _str_array(teacher_ids).take(row_order_pa),
    }
    for j, name in enumerate(item_names):
        col = scores[row_order, j]
        gb_cols[name] = pa.array(col, mask=np.isnan(col), type=pa.float64())
    cur = current[row_order]
    gb_cols["current_grade"] = pa.array(cur, mask=np.isnan(cur), type=pa.float64())
    gradebook = pa.table(gb_cols)

    isat = _build_isat(
        rng,
        n,
        names,
        eduid,
        orphan_eduid,
        enr_student,
        enr_course,
        section_num,
        course_ids,
        current,
    )

    return {
        "students.parquet": students,
        "attendance.parquet": attendance,
        "assignments.parquet": assignments,
        "gradebook.parquet": gradebook,
        "isat_data.parquet": isat,
    }


def _build_isat(
    rng: np.random.Generator,
    n: int,
    names: pa.Array,
    eduid: pa.Array,
    orphan_eduid: str,
    enr_student: np.ndarray,
    enr_course: np.ndarray,
    section_num: np.ndarray,
    course_ids: list[str],
    current: np.ndarray,
) -> pa.Table:
    """One ISAT row for ~95% of students, plus one row for an eduid that is not on the roster."""
    n_tested = int(round(n * ISAT_COVERAGE))
    tested = np.sort(rng.choice(n, size=n_tested, replace=False))
    # Scores follow the student's mean current grade (loosely: plus test-day noise).
    has = ~np.isnan(current)
    total = np.bincount(enr_student[has], weights=current[has], minlength=n)
    cnt = np.bincount(enr_student[has], minlength=n)
    mean_grade = np.where(cnt > 0, total / np.maximum(cnt, 1), 75.0)
    first_enr = np.searchsorted(enr_student, np.arange(n))  # enrollments are sorted by student

    def scale(noise_sd: float) -> np.ndarray:
        raw = 585 + (mean_grade[tested] - 30) * 3.2 + rng.normal(0, noise_sd, n_tested)
        return np.clip(np.rint(raw), 600, 800).astype(np.int64)

    math = scale(24.0)
    ela = scale(22.0)

    eduids = eduid.take(pa.array(tested)).to_pylist()
    student_names = names.take(pa.array(tested)).to_pylist()
    fe = first_enr[tested]
    courses = [course_ids[c] for c in enr_course[fe]]
    sections = [f"{s:02d}" for s in section_num[fe]]
    # Messy names on three tested students (one of each kind).
    for i, r in enumerate(rng.choice(n_tested, size=DEFECTS["isat_name_defects"], replace=False)):
        student_names[r] = _mangle_name(student_names[r], NAME_DEFECT_KINDS[i % 3])
    # A student who left the district: state still reports them, the SIS roster no longer has
    # them. Their course/section is that of a random enrollment (informational only).
    other = int(rng.integers(len(enr_student)))
    eduids.append(orphan_eduid)
    student_names.append(
        f"{FIRST_NAMES[rng.integers(len(FIRST_NAMES))]} {LAST_NAMES[rng.integers(len(LAST_NAMES))]}"
    )
    courses.append(course_ids[enr_course[other]])
    sections.append(f"{section_num[other]:02d}")
    math = np.append(math, np.int64(rng.integers(640, 760)))
    ela = np.append(ela, np.int64(rng.integers(640, 760)))

    def level(s: np.ndarray) -> pa.Array:
        return _str_array(ISAT_LEVELS).take(pa.array(np.searchsorted(ISAT_CUTS, s, side="right")))

    table = pa.table(
        {
            "eduid": _str_array(eduids),
            "student_name": _str_array(student_names),
            "course_id": _str_array(courses),
            "section_id": _str_array(sections),
            "math_scale_score": pa.array(math),
            "math_performance_level": level(math),
            "ela_scale_score": pa.array(ela),
            "ela_performance_level": level(ela),
        }
    )
    # The state export is sorted by state id, so the orphan row sits somewhere in the middle.
    return table.sort_by("eduid")


# ---------------------------------------------------------------------------------------------
# The same district as a drop folder (IETA_SOURCE=files): a OneRoster bulk CSV export plus the
# SIS attendance, the attendance code mapping and the state score file. It is derived from the
# five tables above and nothing else (no random numbers), so both formats hold the same district
# for the same --seed and --students and the parquet output is unaffected. The mapping and every
# defect's counterpart are documented in docs/data-contract.md ("OneRoster, attendance and state
# score files"); keep the two in step.
# ---------------------------------------------------------------------------------------------
ONEROSTER_VERSIONS = ("1.1", "1.2")
# Every file a bulk export of each version may hold, for the manifest (absent unless written).
ONEROSTER_FILES = {
    "1.1": [
        "academicSessions", "categories", "classes", "classResources", "courses",
        "courseResources", "demographics", "enrollments", "lineItems", "orgs", "resources",
        "results", "users",
    ],
    "1.2": [
        "academicSessions", "categories", "classes", "classResources", "courses",
        "courseResources", "demographics", "enrollments", "lineItemLearningObjectiveIds",
        "lineItems", "lineItemScoreScales", "orgs", "resources", "resultLearningObjectiveIds",
        "results", "resultScoreScales", "roles", "scoreScales", "userProfiles", "userResources",
        "users",
    ],
}  # fmt: skip
# Column headers of the files written, in the binding's order. status and dateLastModified stay
# empty: the binding leaves them blank in bulk files.
_COMMON = ["sourcedId", "status", "dateLastModified"]
ONEROSTER_COLUMNS: dict[str, dict[str, list[str]]] = {
    "1.1": {
        "orgs": [*_COMMON, "name", "type", "identifier", "parentSourcedId"],
        "academicSessions": [
            *_COMMON, "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"
        ],
        "courses": [
            *_COMMON, "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId",
            "subjects", "subjectCodes",
        ],
        "classes": [
            *_COMMON, "title", "grades", "courseSourcedId", "classCode", "classType", "location",
            "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods",
        ],
        "users": [
            *_COMMON, "enabledUser", "orgSourcedIds", "role", "username", "userIds", "givenName",
            "familyName", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds",
            "grades", "password",
        ],
        "enrollments": [
            *_COMMON, "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary",
            "beginDate", "endDate",
        ],
        "categories": [*_COMMON, "title"],
        "lineItems": [
            *_COMMON, "title", "description", "assignDate", "dueDate", "classSourcedId",
            "categorySourcedId", "gradingPeriodSourcedId", "resultValueMin", "resultValueMax",
        ],
        "results": [
            *_COMMON, "lineItemSourcedId", "studentSourcedId", "scoreStatus", "score",
            "scoreDate", "comment",
        ],
    },
}  # fmt: skip
ONEROSTER_COLUMNS["1.2"] = {
    **ONEROSTER_COLUMNS["1.1"],
    # 1.2 moves a user's role and organisations to roles.csv and adds a few name fields.
    "users": [
        *_COMMON, "enabledUser", "username", "userIds", "givenName", "familyName", "middleName",
        "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password",
        "userMasterIdentifier", "resourceSourcedIds", "preferredGivenName", "preferredMiddleName",
        "preferredFamilyName", "primaryOrgSourcedId", "pronouns",
    ],
    "roles": [
        *_COMMON, "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId",
        "userProfileSourcedId",
    ],
    "categories": [*_COMMON, "title", "weight"],
    # 1.2 renames gradingPeriodSourcedId to academicSessionSourcedId.
    "lineItems": [
        *_COMMON, "title", "description", "assignDate", "dueDate", "classSourcedId",
        "categorySourcedId", "academicSessionSourcedId", "resultValueMin", "resultValueMax",
    ],
    "results": [
        *_COMMON, "lineItemSourcedId", "studentSourcedId", "scoreStatus", "score", "textScore",
        "scoreDate", "comment",
    ],
}  # fmt: skip
# The side files of the drop folder (not OneRoster): headers exactly as written.
ATTENDANCE_EVENT_COLUMNS = ["student_sourced_id", "class_sourced_id", "date", "code"]
ATTENDANCE_CODE_COLUMNS = ["code", "status"]
STATE_SCORE_COLUMNS = ["state_id", "subject", "scale_score", "performance_level"]
# The demo's codes; '' (an empty field) is a present day. 'L' and 'Late' stay unmapped on purpose:
# they are the documented unknown codes.
DEFAULT_ATTENDANCE_CODES = [("", "Present"), ("Absent", "Absent"), ("Tardy", "Tardy"),
                            ("Excused", "Excused")]  # fmt: skip
STATE_SUBJECTS = [("Math", "math"), ("ELA", "ela")]  # subject as written -> isat column prefix

STATE_ID_LABEL = "state"  # userIds entry {state:S123456789} carries the eduid
DISTRICT_ORG, SCHOOL_ORG = "org-district", "org-hs"
SCHOOL_YEAR, TERM, GRADING_PERIOD = "as-sy2026", "as-term3", "as-term3-gp"
CATEGORY_IDS = {"Assignment": "cat-assignment", "Test": "cat-test"}
CURRENT_GRADE_CATEGORY = ("cat-term-grade", "Term Grade")
CURRENT_GRADE_TITLE = "Current Grade"
COURSE_TITLES = {
    "ENG-109": "English 9", "MATH-101": "Algebra I", "SCI-101": "Biology",
    "SS-101": "World History", "ENG-210": "English 10", "MATH-201": "Geometry",
    "SCI-201": "Chemistry", "SS-201": "Civics", "ENG-311": "English 11",
    "MATH-301": "Algebra II", "SCI-301": "Physics", "SS-301": "US History",
    "ENG-412": "English 12", "MATH-401": "Precalculus", "SCI-401": "Environmental Science",
    "SS-401": "Economics",
}  # fmt: skip
# sourcedIds are stable GUIDs derived from natural keys, as an SIS would keep them: the same
# district always gets the same ids, and nothing downstream may parse them.
SOURCED_ID_NAMESPACE = uuid.UUID("5f0c3a52-8d51-4b0e-9a51-3d1b2c7e6a10")


def _guid(kind: str, *key: object) -> str:
    return str(uuid.uuid5(SOURCED_ID_NAMESPACE, ":".join([kind, *map(str, key)])))


def _number(value: float | None) -> str:
    """A score as written by an LMS: shortest exact decimal, no trailing '.0'."""
    if value is None:
        return ""
    text = repr(float(value))
    return text.removesuffix(".0")


def _write_csv(path: Path, header: list[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a UTF-8 CSV (no byte-order mark, minimal quoting, CRLF as RFC 4180); rows written."""
    tmp = path.with_name(path.name + ".tmp")
    count = 0
    with tmp.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    os.replace(tmp, path)
    return count


def _record(header: list[str], **values: object) -> list[object]:
    """One row of ``header``: the named values, every other column empty."""
    unknown = set(values) - set(header)
    if unknown:
        raise AssertionError(f"columns {sorted(unknown)} are not in {header}")
    return [values.get(column, "") for column in header]


def _split_teacher(name: str) -> tuple[str, str, str]:
    """'Ms. Lee' -> ('Ms.', '', 'Lee'); 'Dr. A. Lee' -> ('Dr.', 'A.', 'Lee').

    The honorific travels as givenName and the initial as middleName, so the staging rebuilds the
    demo's string as givenName, middleName (when not empty) and familyName joined by single
    spaces. Trailing whitespace (a documented defect) stays on familyName.
    """
    trail = name[len(name.rstrip()) :]
    given, *middle, family = name.rstrip().split(" ")
    return given, " ".join(middle), family + trail


def _split_student(clean: str, damaged: str | None) -> tuple[str, str]:
    """givenName, familyName of a roster name 'First Last' (both single words).

    When the gradebook shows the name with stray whitespace (padded or a doubled inner space),
    the user record carries the same whitespace, so that defect has its OneRoster counterpart:
    given + ' ' + family then equals the damaged string. Upper-case damage has none: OneRoster
    holds the name once, in the roster, and roster names are the ones shown.
    """
    given, _, family = clean.partition(" ")
    if damaged is not None and damaged != clean and " ".join(damaged.split()) == clean:
        lead = damaged[: len(damaged) - len(damaged.lstrip())]
        trail = damaged[len(damaged.rstrip()) :]
        inner = damaged.strip()[len(given) : len(damaged.strip()) - len(family)]
        given, family = lead + given + inner[:-1], family + trail
    return given, family


def write_drop_folder(
    tables: dict[str, pa.Table], out_dir: Path, version: str, district_style: bool = False
) -> dict[str, int]:
    """Write the district in ``tables`` as a drop folder for IETA_SOURCE=files; rows per file.

    out_dir receives the OneRoster ``version`` bulk export (manifest.csv and its files) and,
    beside it, attendance.csv, attendance_codes.csv and state_scores.csv.

    ``district_style`` writes it as a real district's SIS and LMS would, which the API data
    cannot express (so its marts are not the APIs'): each class's line items have their own due
    dates (a class's items are due 0, 1 or 2 days after the catalog's date, by section), the
    attendance is exceptions only with a ``calendar.csv`` of the school days (a student absent
    in every class on a day gets one whole-day line; days the demo SIS did not record become
    present days), and enrollments have begin and end dates: every 25th student enrollment
    joins on the term's 10th school day, and every 40th student switches to another section of
    the course on that day (an earlier enrollment in the other section ends the day before).
    """
    if version not in ONEROSTER_VERSIONS:
        raise ValueError(f"--oneroster-version must be one of {ONEROSTER_VERSIONS} (got {version})")
    columns = ONEROSTER_COLUMNS[version]
    students = tables["students.parquet"].to_pydict()
    gradebook = tables["gradebook.parquet"]
    attendance = tables["attendance.parquet"]
    catalog = tables["assignments.parquet"].to_pylist()
    isat = tables["isat_data.parquet"].to_pydict()
    item_names = [item["assignment_name"] for item in catalog]
    day_names = [c for c in attendance.column_names if c[:4].isdigit()]
    days = [date.fromisoformat(d) for d in day_names]
    counts: dict[str, int] = {}

    def write(name: str, header: list[str], rows: Iterable[Sequence[object]]) -> None:
        counts[name] = _write_csv(out_dir / name, header, rows)

    def oneroster(name: str, rows: Iterable[dict[str, object]]) -> None:
        header = columns[name]
        write(f"{name}.csv", header, (_record(header, **row) for row in rows))

    # ---- organisations, sessions, categories ----
    oneroster("orgs", [
        {"sourcedId": DISTRICT_ORG, "name": "IETA Demo District", "type": "district",
         "identifier": "IETA"},
        {"sourcedId": SCHOOL_ORG, "name": "IETA Demo High School", "type": "school",
         "identifier": "IETA-HS", "parentSourcedId": DISTRICT_ORG},
    ])  # fmt: skip
    term_start, term_end = days[0].isoformat(), days[-1].isoformat()
    oneroster("academicSessions", [
        {"sourcedId": SCHOOL_YEAR, "title": "2025-2026", "type": "schoolYear",
         "startDate": "2025-08-18", "endDate": "2026-06-05", "schoolYear": "2026"},
        {"sourcedId": TERM, "title": "Term 3 2026", "type": "term", "startDate": term_start,
         "endDate": term_end, "parentSourcedId": SCHOOL_YEAR, "schoolYear": "2026"},
        {"sourcedId": GRADING_PERIOD, "title": "Term 3 2026 grading period",
         "type": "gradingPeriod", "startDate": term_start, "endDate": term_end,
         "parentSourcedId": TERM, "schoolYear": "2026"},
    ])  # fmt: skip
    categories = [(cid, title) for title, cid in CATEGORY_IDS.items()]
    categories.append(CURRENT_GRADE_CATEGORY)
    oneroster("categories", [{"sourcedId": cid, "title": title} for cid, title in categories])

    # ---- users: the roster's students, then one teacher per distinct (trimmed) name ----
    gb_keys = list(
        zip(
            *(gradebook[c].to_pylist() for c in ("student_id", "course_id", "section_id")),
            strict=True,
        )
    )
    gb_names = gradebook["student_name"].to_pylist()
    gb_teachers = gradebook["teacher"].to_pylist()
    gb_teacher_ids = gradebook["teacher_id"].to_pylist()
    roster_name = dict(zip(students["student_id"], students["student_name"], strict=True))
    damaged_name = {  # the gradebook's spelling of a name, where it differs from the roster's
        sid: name
        for (sid, _, _), name in zip(gb_keys, gb_names, strict=True)
        if name != roster_name.get(sid)
    }
    section_teacher: dict[tuple[str, str], str] = {}  # trimmed name, as the staging decides
    teacher_raw: dict[str, str] = {}  # trimmed -> as written (keeps the trailing-space defect)
    for (_, course, section), teacher in zip(gb_keys, gb_teachers, strict=True):
        if teacher is not None:
            section_teacher.setdefault((course, section), teacher.strip())
            if teacher != teacher.strip() or teacher.strip() not in teacher_raw:
                teacher_raw[teacher.strip()] = teacher
    teachers = sorted(set(section_teacher.values()))
    # A teacher's sourcedId is the SIS's staff id, as the gradebook's teacher_id carries it.
    teacher_id = {t.strip(): i for t, i in zip(gb_teachers, gb_teacher_ids, strict=True) if t}
    student_id = {sid: _guid("student", sid) for sid in students["student_id"]}

    def user_rows() -> Iterator[dict[str, object]]:
        for sid, eduid, name, grade in zip(
            students["student_id"], students["eduid"], students["student_name"],
            students["grade_level"], strict=True,
        ):  # fmt: skip
            given, family = _split_student(name, damaged_name.get(sid))
            row = {
                "sourcedId": student_id[sid], "enabledUser": "true", "username": f"s{sid}",
                "userIds": f"{{{STATE_ID_LABEL}:{eduid}}}" if eduid else "",
                "givenName": given, "familyName": family, "identifier": sid,
                "grades": f"{grade:02d}",
            }  # fmt: skip
            yield _user_org(row, version, "student")
        for k, name in enumerate(teachers, start=1):
            given, middle, family = _split_teacher(teacher_raw[name])
            row = {
                "sourcedId": teacher_id[name], "enabledUser": "true", "username": f"t{k:05d}",
                "givenName": given, "middleName": middle, "familyName": family,
                "identifier": teacher_id[name],
            }  # fmt: skip
            yield _user_org(row, version, "teacher")

    oneroster("users", user_rows())
    if version == "1.2":
        role_of = [(student_id[s], "student") for s in students["student_id"]]
        role_of += [(teacher_id[t], "teacher") for t in teachers]
        oneroster("roles", (
            {"sourcedId": _guid("role", user, role), "userSourcedId": user, "roleType": "primary",
             "role": role, "orgSourcedId": SCHOOL_ORG}
            for user, role in role_of
        ))  # fmt: skip

    # ---- courses and classes: a demo course is a course, a course x section is a class ----
    course_ids = sorted({c for _, c, _ in gb_keys})
    course_sid = {c: _guid("course", c) for c in course_ids}
    oneroster("courses", (
        {"sourcedId": course_sid[c], "schoolYearSourcedId": SCHOOL_YEAR,
         "title": COURSE_TITLES.get(c, c), "courseCode": c, "grades": f"{int(c[-3]) + 8:02d}",
         "orgSourcedId": SCHOOL_ORG}
        for c in course_ids
    ))  # fmt: skip
    sections = sorted(section_teacher)
    class_sid = {key: _guid("class", *key) for key in sections}
    oneroster("classes", (
        {"sourcedId": class_sid[(c, s)], "title": f"{COURSE_TITLES.get(c, c)} - section {s}",
         "courseSourcedId": course_sid[c], "classCode": s, "classType": "scheduled",
         "schoolSourcedId": SCHOOL_ORG, "termSourcedIds": TERM}
        for c, s in sections
    ))  # fmt: skip

    # ---- enrollments: one teacher line per class, then one student line per gradebook row
    # (the duplicated gradebook row gives a repeated line, verbatim) ----
    def enrollment_rows() -> Iterator[dict[str, object]]:
        for key in sections:
            teacher = teacher_id[section_teacher[key]]
            yield {"sourcedId": _guid("enrollment", teacher, *key),
                   "classSourcedId": class_sid[key], "schoolSourcedId": SCHOOL_ORG,
                   "userSourcedId": teacher, "role": "teacher", "primary": "true"}  # fmt: skip
        for row, (sid, course, section) in enumerate(gb_keys):
            begin, end = window(row)
            other = switched_from.get(row)
            if other is not None:  # the section the student was in before the switch
                yield {"sourcedId": _guid("enrollment", sid, *other),
                       "classSourcedId": class_sid[other], "schoolSourcedId": SCHOOL_ORG,
                       "userSourcedId": student_id[sid], "role": "student", "primary": "false",
                       "beginDate": term_start, "endDate": days[8].isoformat()}  # fmt: skip
            yield {"sourcedId": _guid("enrollment", sid, course, section),
                   "classSourcedId": class_sid[(course, section)],
                   "schoolSourcedId": SCHOOL_ORG, "userSourcedId": student_id[sid],
                   "role": "student", "primary": "false",
                   "beginDate": begin, "endDate": end}  # fmt: skip

    sections_of = {}
    for course, section in sections:
        sections_of.setdefault(course, []).append(section)
    switched_from = {}  # gradebook row -> the other section it switched from
    if district_style:
        for row, (_, course, section) in enumerate(gb_keys):
            others = [s for s in sections_of[course] if s != section]
            if row % 40 == 39 and others:
                switched_from[row] = (course, others[0])

    def window(row: int) -> tuple[str, str]:
        if not district_style:
            return "", ""
        if row % 25 == 24 or row in switched_from:
            return days[9].isoformat(), ""
        return term_start, ""

    oneroster("enrollments", enrollment_rows())

    # ---- line items: every catalog item in every class, plus the class's current grade ----
    session_column = "gradingPeriodSourcedId" if version == "1.1" else "academicSessionSourcedId"
    items = [
        (
            item["assignment_name"], item["due_date"].isoformat(),
            CATEGORY_IDS[item["assignment_type"]], item["points_possible"],
        )
        for item in catalog
    ] + [(CURRENT_GRADE_TITLE, term_end, CURRENT_GRADE_CATEGORY[0], POINTS_POSSIBLE)]  # fmt: skip
    line_item = {
        (key, title): _guid("lineItem", *key, title) for key in sections for title, *_ in items
    }
    section_shift = {key: k % 3 if district_style else 0 for k, key in enumerate(sections)}

    def due_in(key: tuple[str, str], title: str, due: str) -> str:
        """The class's own due date of an item (district style: shifted by section)."""
        if title == CURRENT_GRADE_TITLE or not section_shift[key]:
            return due
        return (date.fromisoformat(due) + timedelta(days=section_shift[key])).isoformat()

    oneroster("lineItems", (
        {"sourcedId": line_item[(key, title)], "title": title, "assignDate": term_start,
         "dueDate": due_in(key, title, due), "classSourcedId": class_sid[key],
         "categorySourcedId": category, session_column: GRADING_PERIOD, "resultValueMin": 0,
         "resultValueMax": points}
        for key in sections for title, due, category, points in items
    ))  # fmt: skip

    # ---- results: one per gradebook cell (null -> 'not submitted': the export is taken at the
    # end of the term, so every item is past due) and one for current_grade when it has one ----
    due_of = {title: due for title, due, *_ in items}
    score_columns = [gradebook[name].to_pylist() for name in item_names]
    current = gradebook["current_grade"].to_pylist()

    def result_rows() -> Iterator[dict[str, object]]:
        for row, (sid, course, section) in enumerate(gb_keys):
            key, student = (course, section), student_id[sid]
            enrollment = _guid("enrollment", sid, course, section)
            titles_scores = [
                (t, col[row]) for t, col in zip(item_names, score_columns, strict=True)
            ]
            if current[row] is not None:
                titles_scores.append((CURRENT_GRADE_TITLE, current[row]))
            for k, (title, score) in enumerate(titles_scores):
                yield {"sourcedId": f"{enrollment}-{k:02d}",
                       "lineItemSourcedId": line_item[(key, title)],
                       "studentSourcedId": student,
                       "scoreStatus": "not submitted" if score is None else "fully graded",
                       "score": _number(score),
                       "scoreDate": due_in(key, title, due_of[title])}  # fmt: skip

    oneroster("results", result_rows())

    oneroster_files = [name for name in ONEROSTER_FILES[version] if f"{name}.csv" in counts]
    write("manifest.csv", ["propertyName", "value"], [
        ("manifest.version", "1.0"),
        ("oneroster.version", version),
        *((f"file.{name}", "bulk" if name in oneroster_files else "absent")
          for name in ONEROSTER_FILES[version]),
        ("source.systemName", "IETA synthetic district (api/scripts/generate_data.py)"),
        ("source.systemCode", "ieta-demo"),
    ])  # fmt: skip

    # ---- the side files: attendance (long), its code mapping, state scores ----
    att_keys = list(
        zip(
            *(attendance[c].to_pylist() for c in ("student_id", "course_id", "section_id")),
            strict=True,
        )
    )
    day_columns = [attendance[d].to_pylist() for d in day_names]

    def attendance_rows() -> Iterator[tuple[str, str, str, str]]:
        for row, (sid, course, section) in enumerate(att_keys):
            student, klass = student_id[sid], class_sid[(course, section)]
            for day, column in zip(day_names, day_columns, strict=True):
                if column[row] is not None:  # not recorded: no row
                    yield student, klass, day, column[row]

    def exception_rows() -> Iterator[tuple[str, str, str, str]]:
        """Absences, tardies and unknown codes only; a student Absent in every class on a day
        gets one whole-day line (empty class) instead of a line per class."""
        lines = [line for line in attendance_rows() if line[3] != ""]
        classes_of: dict[str, set[str]] = {}
        for student, klass, *_ in attendance_rows():
            classes_of.setdefault(student, set()).add(klass)
        absent_in: dict[tuple[str, str], set[str]] = {}
        for student, klass, day, code in lines:
            if code == "Absent":
                absent_in.setdefault((student, day), set()).add(klass)
        whole_days = {
            key for key, absent in absent_in.items()
            if len(classes_of[key[0]]) > 1 and absent == classes_of[key[0]]
        }  # fmt: skip
        for student, day in sorted(whole_days):
            yield student, "", day, "Absent"
        for student, klass, day, code in lines:
            if not (code == "Absent" and (student, day) in whole_days):
                yield student, klass, day, code

    if district_style:
        write("calendar.csv", ["date"], ((day,) for day in day_names))
        write("attendance.csv", ATTENDANCE_EVENT_COLUMNS, exception_rows())
    else:
        write("attendance.csv", ATTENDANCE_EVENT_COLUMNS, attendance_rows())
    write("attendance_codes.csv", ATTENDANCE_CODE_COLUMNS, DEFAULT_ATTENDANCE_CODES)
    write("state_scores.csv", STATE_SCORE_COLUMNS, (
        (eduid, subject, isat[f"{prefix}_scale_score"][i],
         isat[f"{prefix}_performance_level"][i])
        for i, eduid in enumerate(isat["eduid"]) for subject, prefix in STATE_SUBJECTS
    ))  # fmt: skip
    return counts


def _user_org(row: dict[str, object], version: str, role: str) -> dict[str, object]:
    """A user's role and school: in users.csv for 1.1, in roles.csv (and primaryOrg) for 1.2."""
    if version == "1.1":
        return {**row, "role": role, "orgSourcedIds": SCHOOL_ORG}
    return {**row, "primaryOrgSourcedId": SCHOOL_ORG}


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; returns a process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=DEFAULT_STUDENTS, help="roster size")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--out",
        type=Path,
        help=f"output folder (default {DEFAULT_OUT}; required with --format oneroster)",
    )
    parser.add_argument(
        "--format",
        choices=["parquet", "oneroster"],
        default="parquet",
        help="parquet: the five files the APIs serve; oneroster: the same district as a drop "
        "folder for IETA_SOURCE=files (OneRoster CSV export, attendance.csv, "
        "attendance_codes.csv, state_scores.csv)",
    )
    parser.add_argument(
        "--oneroster-version",
        choices=ONEROSTER_VERSIONS,
        default="1.2",
        help="OneRoster CSV binding to write with --format oneroster (default 1.2)",
    )
    parser.add_argument(
        "--district-style",
        action="store_true",
        help="with --format oneroster: write the export as a real district's SIS and LMS would "
        "(line items per class with their own due dates, attendance as exceptions with "
        "calendar.csv and whole-day marks, enrollment begin dates, mid-term joins and section "
        "switches); its marts then differ from the APIs'",
    )
    args = parser.parse_args(argv)
    if args.district_style and args.format != "oneroster":
        parser.error("--district-style needs --format oneroster")
    if args.students < MIN_STUDENTS:
        parser.error(f"--students must be >= {MIN_STUDENTS}")
    if args.out is None:
        if args.format == "oneroster":
            parser.error("--format oneroster needs --out FOLDER (the drop folder to write)")
        args.out = DEFAULT_OUT
    t0 = time.perf_counter()
    counts = generate(
        args.students,
        args.seed,
        args.out,
        args.format,
        args.oneroster_version,
        args.district_style,
    )
    elapsed = time.perf_counter() - t0
    print(f"Generated {args.students} students (seed {args.seed}) in {elapsed:.2f} s -> {args.out}")
    for fname, rows in counts.items():
        print(f"  {fname:<24} {rows:>9,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
