"""The key that signs cursors and sync tokens: SSM Parameter Store in AWS, a dev key locally."""

from __future__ import annotations

from chalicelib.config import DEV_CURSOR_SECRET, settings
from chalicelib.errors import ConfigError
from chalicelib.store import parameters

# Shorter keys are refused in prod: HMAC-SHA256 wants at least 32 bytes of entropy.
MIN_PROD_BYTES = 32

# A rotated key reaches warm containers within this many seconds, without a deploy.
REFRESH_SECONDS = parameters.REFRESH_SECONDS


def cursor_secret() -> bytes:
    """The signing key for this stage; a ConfigError (a 500, logged) if the stage has none."""
    conf = settings()
    name = conf.cursor_secret_parameter
    if name:
        secret = parameters.value(name, "the signing key").encode()
    elif conf.cursor_secret is not None:
        return conf.cursor_secret
    else:
        raise ConfigError("CURSOR_SECRET_PARAMETER is not set; prod refuses the development key")
    if conf.stage == "prod" and (
        secret == DEV_CURSOR_SECRET.encode() or len(secret) < MIN_PROD_BYTES
    ):
        raise ConfigError(f"the key in {name} is the development key or under 32 bytes")
    return secret
