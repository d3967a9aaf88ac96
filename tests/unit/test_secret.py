"""The signing key: from SSM once per container in AWS, the development key only outside prod."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from chalicelib import config, container, errors
from chalicelib.errors import ServiceUnavailable
from chalicelib.store import secret

PARAMETER = "/coop/prod/cursor-secret"
KEY = "k" * 48


@pytest.fixture
def ssm(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("CURSOR_SECRET_PARAMETER", PARAMETER)
    monkeypatch.setenv("STAGE", "prod")
    container.reset()
    with mock_aws():
        client = boto3.client("ssm", region_name="us-east-1")
        yield client
    container.reset()


def test_prod_reads_the_secure_string_once_and_keeps_it(ssm, monkeypatch):
    ssm.put_parameter(Name=PARAMETER, Value=KEY, Type="SecureString")
    made: list[Any] = []
    real = secret_client_factory(made)
    monkeypatch.setattr("chalicelib.store.dynamodb.aws_client", real)
    assert secret.cursor_secret() == KEY.encode()
    assert secret.cursor_secret() == KEY.encode()
    assert len(made) == 1, "one GetParameter per container"


def secret_client_factory(made: list[Any]) -> Any:
    from chalicelib.store import dynamodb as store

    original = store.aws_client

    def factory(service: Any) -> Any:
        made.append(service)
        return original(service)

    return factory


def test_prod_refuses_the_development_key_and_short_keys(ssm):
    ssm.put_parameter(Name=PARAMETER, Value=config.DEV_CURSOR_SECRET, Type="SecureString")
    with pytest.raises(errors.ConfigError, match="development key or under 32 bytes"):
        secret.cursor_secret()
    container.reset()
    ssm.put_parameter(Name=PARAMETER, Value="short", Type="SecureString", Overwrite=True)
    with pytest.raises(errors.ConfigError, match="under 32 bytes"):
        secret.cursor_secret()


def test_prod_without_a_parameter_refuses_even_an_environment_secret(monkeypatch):
    monkeypatch.setenv("STAGE", "prod")
    monkeypatch.delenv("CURSOR_SECRET_PARAMETER", raising=False)
    monkeypatch.setenv("CURSOR_SECRET", KEY)  # secrets in the template are refused
    with pytest.raises(errors.ConfigError, match="CURSOR_SECRET_PARAMETER"):
        secret.cursor_secret()


def test_a_missing_parameter_is_a_deployment_error_naming_it(ssm):
    with pytest.raises(errors.ConfigError, match=PARAMETER):
        secret.cursor_secret()


def test_ssm_throttling_is_a_503_and_is_not_kept(ssm, monkeypatch):
    from botocore.exceptions import ClientError

    class Throttled:
        def get_parameter(self, **_: Any) -> Any:
            raise ClientError({"Error": {"Code": "ThrottlingException"}}, "GetParameter")

    monkeypatch.setattr("chalicelib.store.dynamodb.aws_client", lambda service: Throttled())
    with pytest.raises(ServiceUnavailable):
        secret.cursor_secret()
    monkeypatch.undo()
    monkeypatch.setenv("CURSOR_SECRET_PARAMETER", PARAMETER)
    monkeypatch.setenv("STAGE", "prod")
    ssm.put_parameter(Name=PARAMETER, Value=KEY, Type="SecureString")
    assert secret.cursor_secret() == KEY.encode()


def test_outside_prod_the_stage_key_or_the_development_key(monkeypatch):
    monkeypatch.delenv("CURSOR_SECRET_PARAMETER", raising=False)
    monkeypatch.setenv("STAGE", "dev")
    monkeypatch.delenv("CURSOR_SECRET", raising=False)
    assert secret.cursor_secret() == config.DEV_CURSOR_SECRET.encode()
    monkeypatch.setenv("CURSOR_SECRET", "stage-key")
    assert secret.cursor_secret() == b"stage-key"


def test_a_rotated_key_is_read_again_after_the_refresh_period(ssm, monkeypatch):
    ssm.put_parameter(Name=PARAMETER, Value=KEY, Type="SecureString")
    assert secret.cursor_secret() == KEY.encode()
    ssm.put_parameter(Name=PARAMETER, Value="n" * 48, Type="SecureString", Overwrite=True)
    assert secret.cursor_secret() == KEY.encode()  # kept: no GetParameter per request
    import time

    later = time.monotonic() + secret.REFRESH_SECONDS + 1
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert secret.cursor_secret() == b"n" * 48
