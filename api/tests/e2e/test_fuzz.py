"""Fuzz every endpoint of each API from its own OpenAPI document (schemathesis).

Bounded: a fixed number of generated requests per operation, against real uvicorn servers. No
request may cause a 5xx, and every response must match the schema the API publishes. (The
operations are driven through hypothesis directly: schemathesis' pytest plugin does not run
under pytest 9.)
"""

from __future__ import annotations

import pytest
import schemathesis
from api_process import DATA_DIR, RunningApi
from hypothesis import HealthCheck, given, settings

EXAMPLES_PER_OPERATION = 40


@pytest.mark.parametrize("module", ["sis", "lms", "state"])
def test_no_server_errors_and_responses_match_schema(module: str) -> None:
    api = RunningApi(module, DATA_DIR)
    try:
        schema = schemathesis.openapi.from_url(f"{api.url}/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 2
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
                database=None,
            )
            def fuzz(case) -> None:
                response = case.call(timeout=10)
                assert response.status_code < 500, (case.as_curl_command(), response.text)
                case.validate_response(response)

            fuzz()
    finally:
        api.stop()
