"""A failing DynamoDB is a 503 problem with Retry-After, and no AWS text reaches the client."""

from botocore.stub import Stubber

from chalicelib import store
from tests.functional.helpers import assert_problem, get, header


def test_missing_table_is_503_without_aws_details(client, seeded):
    seeded.delete_table(TableName="coop-test")
    response = get(client, "/v1/projects")
    problem = assert_problem(response, 503)
    assert header(response, "retry-after") == "1"
    assert "ResourceNotFound" not in response.body.decode()
    assert "coop-test" not in problem["detail"]


def test_throttling_is_503_and_the_next_request_is_served(client):
    db = store.client()
    with Stubber(db) as stub:
        for _ in range(3):  # the client retries: every attempt is throttled
            stub.add_client_error(
                "query", "ProvisionedThroughputExceededException", http_status_code=400
            )
        response = get(client, "/v1/projects")
    assert_problem(response, 503)
    assert "Throughput" not in response.body.decode()
    assert get(client, "/v1/projects").status_code == 200
