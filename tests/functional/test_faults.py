"""A failing DynamoDB is a 503 problem with Retry-After, and no AWS text reaches the client.

Faults on the wire (throttling, timeouts, resets, malformed answers) are in
tests/integration/test_faults.py; here the table itself is gone.
"""

from chalicelib import container
from tests.functional.helpers import assert_problem, get, header


def test_missing_table_is_503_without_aws_details(client, seeded):
    seeded.delete_table(TableName="coop-test")
    response = get(client, "/v1/projects")
    problem = assert_problem(response, 503)
    assert header(response, "retry-after") == "1"
    assert "ResourceNotFound" not in response.body.decode()
    assert "coop-test" not in problem["detail"]


def test_only_good_answers_are_kept(client):
    assert get(client, "/v1/projects/no-such-project").status_code == 404
    assert get(client, "/v1/projects?limit=0").status_code == 400
    assert len(container.CONTAINER.responses) == 0
    assert get(client, "/v1/projects").status_code == 200
    assert len(container.CONTAINER.responses) == 1


def test_a_request_over_its_time_budget_makes_no_new_call(seeded):
    import time

    import pytest

    from chalicelib.container import CONTAINER
    from chalicelib.errors import ServiceUnavailable
    from chalicelib.store.dynamodb import CALL_BUDGET_SECONDS, DynamoStore

    late = DynamoStore(seeded, "coop-test", started=time.monotonic() - CALL_BUDGET_SECONDS - 0.1)
    calls = CONTAINER.stats.calls
    with pytest.raises(ServiceUnavailable, match="slow"):
        late.get("project", "data-operation-centers")
    with pytest.raises(ServiceUnavailable):
        late.changes(0, "", "9", 10)
    assert CONTAINER.stats.calls == calls
    assert DynamoStore(seeded, "coop-test").get("project", "data-operation-centers")
