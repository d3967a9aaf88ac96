"""SSM Parameter Store values a deployed stage reads: once per container, again every 15 min."""

from __future__ import annotations

import logging
import time

from chalicelib.container import CONTAINER
from chalicelib.errors import ConfigError, ServiceUnavailable

log = logging.getLogger(__name__)

# Read again after this long, so a changed value reaches warm containers without a deploy.
REFRESH_SECONDS = 900


def value(name: str, what: str) -> str:
    """The parameter's value, decrypted if it is a SecureString. ``what`` names it in errors
    and logs, which never carry the value. A missing or forbidden parameter is a ConfigError
    (a 500, logged); SSM throttling or out of reach is a 503, and nothing is kept."""
    fetched = CONTAINER.parameters  # name -> (value, when read): once per 15 minutes
    kept = fetched.get(name)
    if kept is None or time.monotonic() - kept[1] > REFRESH_SECONDS:
        fetched[name] = kept = (_fetch(name, what), time.monotonic())
    return kept[0]


def _fetch(name: str, what: str) -> str:
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.store.dynamodb import aws_client

    unavailable = f"{what[0].upper()}{what[1:]} is unavailable; retry shortly."
    try:
        found = aws_client("ssm").get_parameter(Name=name, WithDecryption=True)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in ("ThrottlingException", "InternalServerError"):
            log.warning("ssm unavailable: %s", code)
            raise ServiceUnavailable(unavailable) from error
        raise ConfigError(f"cannot read {name}: {code}") from error
    except BotoCoreError as error:
        log.warning("ssm unreachable: %s", type(error).__name__)
        raise ServiceUnavailable(unavailable) from error
    log.info("%s read from %s", what, name)  # the name only, never the value
    return str(found["Parameter"]["Value"])
