"""schemathesis (4.32.5) against both OpenAPI schemas, served by a live server.

A bounded number of examples per operation keeps the run short (the suite runs twice in CI on
two cores). Every answer must be documented: no server error, no undocumented status code or
content type, bodies matching their schemas, and invalid input refused."""

import subprocess
import sys

import pytest

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
    ]
)
MAX_EXAMPLES = 8

# Live server: real transactions (the data each test needs is made by its fixtures).
pytestmark = pytest.mark.django_db(transaction=True)


def run_schemathesis(schema_url: str, tmp_path) -> dict:
    report = tmp_path / "report.json"
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        schema_url,
        "--checks",
        CHECKS,
        "--max-examples",
        str(MAX_EXAMPLES),
        "--generation-deterministic",
        "--phases",
        "examples,coverage,fuzzing",
        "--workers",
        "1",
        "--no-color",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
    ]
    # In tmp_path: schemathesis keeps a crash cache in its working directory.
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    return {"returncode": done.returncode, "output": done.stdout + done.stderr}


def _assert_clean(result) -> None:
    summary = result["output"][-4000:]
    print(summary)  # operations, test cases and failures: shown with pytest -s
    assert result["returncode"] == 0, summary


def test_api_v1_contract(live_server, open_limits, tmp_path):
    from tests.cms import public_site
    from tests.factories import make_county_tree

    public_site.build(make_county_tree())
    _assert_clean(run_schemathesis(f"{live_server.url}/api/v1/openapi.json", tmp_path))


def test_open311_contract(live_server, county_world, open_limits, tmp_path):
    _assert_clean(run_schemathesis(f"{live_server.url}/api/open311/v2/openapi.json", tmp_path))
