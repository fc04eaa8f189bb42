"""The list of published marts is the dbt exposure's: the dashboard's dbt exposure
(dbt-demo/models/marts/_exposures.yml) declares what it reads, and the publish asset copies
exactly those marts (``PUBLISHED_MARTS``). No run needed."""

from __future__ import annotations

import re

import yaml
from conftest import REPO
from ieta_dashboard.published_layout import PUBLISHED_MARTS

from dagster_demo.defs.publish import published_marts

MARTS_FOLDER = REPO / "dbt-demo" / "models" / "marts"


def exposure_refs() -> list[str]:
    exposures = yaml.safe_load((MARTS_FOLDER / "_exposures.yml").read_text())["exposures"]
    (dashboard,) = [e for e in exposures if e["name"] == "teacher_dashboard"]
    return [re.fullmatch(r"ref\('(\w+)'\)", ref).group(1) for ref in dashboard["depends_on"]]


def test_the_published_marts_are_the_dashboards_exposure() -> None:
    assert sorted(exposure_refs()) == sorted(PUBLISHED_MARTS)


def test_every_published_mart_is_a_model_of_the_marts_folder() -> None:
    models = {path.stem for path in MARTS_FOLDER.glob("mart_*.sql")}
    assert set(PUBLISHED_MARTS) <= models


def test_the_publish_asset_waits_for_every_published_mart() -> None:
    deps = {key.to_user_string() for key in published_marts.dependency_keys}
    assert deps == set(PUBLISHED_MARTS)
