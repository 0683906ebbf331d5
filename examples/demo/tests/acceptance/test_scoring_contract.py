import pytest


@pytest.mark.ml_test("data-1")
def test_schema_covers_every_model_input(evidence):
    schema = {f["name"] for f in evidence("data/schema.json")["features"]}
    example = evidence("evidence/debug-trace.json")["example"]["features"]
    assert set(example) <= schema, f"not in the schema: {sorted(set(example) - schema)}"


def test_scored_example_is_a_probability(evidence):
    trace = evidence("evidence/debug-trace.json")
    assert 0.0 <= trace["prediction"] <= 1.0
    assert trace["steps"][-1]["name"] == "sigmoid"


def test_shadow_candidate_is_the_model_under_review(evidence):
    shadow = evidence("evidence/shadow.json")
    trace = evidence("evidence/debug-trace.json")
    assert shadow["candidate"]["version"] == trace["model"]["version"]
    assert shadow["serving"]["version"] != shadow["candidate"]["version"]
