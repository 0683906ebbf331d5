"""Acceptance tests of the demo's scoring contract. Their JUnit report (evidence/junit/acceptance.xml)
is read through tests.tagged: the suite's layer and each test's rubric id are JUnit properties.

Regenerate from the repository root:
    python3 -m pytest examples/demo/tests/acceptance -p no:cacheprovider -o junit_family=legacy \
        --junitxml=examples/demo/evidence/junit/acceptance.xml
"""
import json
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2]


def pytest_configure(config):
    config.addinivalue_line("markers", "ml_test(*ids): the ML Test Score tests this test evidences")


@pytest.fixture(autouse=True)
def _ml_test(request, record_property):
    """A test marked @pytest.mark.ml_test("data-1") counts toward data-1 in the gate."""
    marker = request.node.get_closest_marker("ml_test")
    if marker is not None:
        for test_id in marker.args:
            record_property("ml_test", test_id)


@pytest.fixture(scope="session", autouse=True)
def _layer(record_testsuite_property):
    """Every test here is an acceptance test: the gate counts them toward infra-3 and the pyramid."""
    record_testsuite_property("ml_test_layer", "acceptance")


@pytest.fixture(scope="session")
def evidence():
    return lambda name: json.loads((DEMO / name).read_text())
