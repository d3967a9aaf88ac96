"""The key that signs cursors and sync tokens: SSM Parameter Store in AWS, a dev key locally."""

from __future__ import annotations

import logging
import time

from chalicelib.config import DEV_CURSOR_SECRET, ConfigError, settings
from chalicelib.errors import ServiceUnavailable

log = logging.getLogger(__name__)

# Shorter keys are refused in prod: HMAC-SHA256 wants at least 32 bytes of entropy.
MIN_PROD_BYTES = 32

# Read again after this long, so a rotated key reaches warm containers without a deploy.
REFRESH_SECONDS = 900

# Parameter name -> (value, when read): one GetParameter per container per 15 minutes.
_fetched: dict[str, tuple[bytes, float]] = {}


def cursor_secret() -> bytes:
    """The signing key for this stage; a ConfigError (a 500, logged) if the stage has none."""
    conf = settings()
    name = conf.cursor_secret_parameter
    if name:
        kept = _fetched.get(name)
        if kept is None or time.monotonic() - kept[1] > REFRESH_SECONDS:
            _fetched[name] = kept = (_fetch(name), time.monotonic())
        secret = kept[0]
    elif conf.cursor_secret is not None:
        return conf.cursor_secret
    else:
        raise ConfigError("CURSOR_SECRET_PARAMETER is not set; prod refuses the development key")
    if conf.stage == "prod" and (
        secret == DEV_CURSOR_SECRET.encode() or len(secret) < MIN_PROD_BYTES
    ):
        raise ConfigError(f"the key in {name} is the development key or under 32 bytes")
    return secret


def forget() -> None:
    """Drop fetched keys (tests, and a rotation: a new container fetches again)."""
    _fetched.clear()


def _fetch(name: str) -> bytes:
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.store import aws_client

    try:
        found = aws_client("ssm").get_parameter(Name=name, WithDecryption=True)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in ("ThrottlingException", "InternalServerError"):
            log.warning("ssm unavailable: %s", code)
            raise ServiceUnavailable("The signing key is unavailable; retry shortly.") from error
        raise ConfigError(f"cannot read {name}: {code}") from error
    except BotoCoreError as error:
        log.warning("ssm unreachable: %s", type(error).__name__)
        raise ServiceUnavailable("The signing key is unavailable; retry shortly.") from error
    log.info("cursor key read from %s", name)  # the name only, never the value
    return str(found["Parameter"]["Value"]).encode()
