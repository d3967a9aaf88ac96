"""Settings from the environment, which each stage sets in .chalice/config.json; read lazily."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from chalicelib.errors import ConfigError
from chalicelib.taxonomy import HANS, LANGS

# Signs cursors outside production only; production reads its key from SSM (chalicelib.secret).
DEV_CURSOR_SECRET = "development-only-cursor-secret"


@dataclass(frozen=True)
class DataTerms:
    """What the operator says of the open data (/data.json, docs/deploy.md); None when unset:
    nothing here is ever filled in for them."""

    license: str | None  # a URL; every answer then carries Link: <URL>; rel="license"
    rights: str | None
    access_level: str | None  # public, restricted public or non-public (DCAT-US)
    contact_name: str | None
    contact_email: str | None


@dataclass(frozen=True)
class Settings:
    stage: str
    table_name: str
    endpoint_url: str | None
    region: str
    default_lang: str
    cache_max_age: int
    cursor_secret: bytes | None
    cursor_secret_parameter: str | None
    public_base_url: str | None
    public_hosts: str
    public_hosts_parameter: str | None
    frame_ancestors: str
    message_origins: tuple[str, ...]
    sync_settle_seconds: float
    sync_overlap_seconds: float
    sync_retention_days: int
    log_level: str
    dynamodb_connect_timeout: float
    dynamodb_read_timeout: float
    dynamodb_max_attempts: int
    stale_if_error: int
    response_cache_ttl: float
    cache_max_bytes: int
    data: DataTerms


# The settings of the request being served: read once per request (handlers.common_headers),
# not once per use. Outside a request (tools, tests), every call reads the environment.
_current: Settings | None = None


@contextmanager
def for_request() -> Iterator[Settings]:
    """Read the settings once and let every settings() call in the request reuse them."""
    global _current
    _current = read()
    try:
        yield _current
    finally:
        _current = None


def settings() -> Settings:
    """The request's settings, or fresh ones: tests change the environment between calls."""
    return _current if _current is not None else read()


def read() -> Settings:
    env = os.environ
    stage = env.get("STAGE", "dev")
    default_lang = env.get("DEFAULT_LANG", HANS)
    if default_lang not in LANGS:
        raise ConfigError(f"DEFAULT_LANG must be one of {', '.join(LANGS)}")
    # Outside prod: CURSOR_SECRET, else the development key. Prod takes neither (secret.py).
    secret = None if stage == "prod" else env.get("CURSOR_SECRET") or DEV_CURSOR_SECRET
    return Settings(
        stage=stage,
        table_name=env.get("TABLE_NAME", f"coop-{stage}"),
        endpoint_url=env.get("DYNAMODB_ENDPOINT_URL") or None,
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        default_lang=default_lang,
        cache_max_age=int(env.get("CACHE_MAX_AGE", "300")),
        cursor_secret=secret.encode() if secret else None,
        # The SSM SecureString holding the key; set by the template (docs/deploy.md).
        cursor_secret_parameter=env.get("CURSOR_SECRET_PARAMETER") or None,
        # The one URL every link names (a custom domain); else see PUBLIC_HOSTS (urls.py).
        public_base_url=(env.get("PUBLIC_BASE_URL") or "").rstrip("/") or None,
        # The hosts the public may reach us by, beside PUBLIC_BASE_URL's; more in the SSM
        # parameter the template fills with the distribution's host. Read by chalicelib.urls,
        # where a wrong one fails only the routes that write links.
        public_hosts=env.get("PUBLIC_HOSTS", ""),
        public_hosts_parameter=env.get("PUBLIC_HOSTS_PARAMETER") or None,
        # Who may frame the widgets (CSP frame-ancestors) and receive their height messages.
        frame_ancestors=env.get("EMBED_FRAME_ANCESTORS", "*"),
        message_origins=tuple(map(_origin, env.get("EMBED_MESSAGE_ORIGINS", "*").split())),
        # Sync serves changes this old or older: later ones may still be landing (GSI lag).
        sync_settle_seconds=float(env.get("SYNC_SETTLE_SECONDS", "10")),
        # How much later still a change may reach the change index and reach every client:
        # a chain started from a next_sync_token reads this much again (docs/data-model.md).
        sync_overlap_seconds=float(env.get("SYNC_OVERLAP_SECONDS", "600")),
        # Tombstones are kept this long; older sync tokens must start again.
        sync_retention_days=int(env.get("SYNC_RETENTION_DAYS", "30")),
        log_level=env.get("LOG_LEVEL", "INFO").upper(),
        # Each DynamoDB attempt is bounded; 3 attempts and their backoff end well inside
        # the Lambda timeout (docs/deploy.md, "Time budget").
        dynamodb_connect_timeout=float(env.get("DYNAMODB_CONNECT_TIMEOUT", "0.5")),
        dynamodb_read_timeout=float(env.get("DYNAMODB_READ_TIMEOUT", "1")),
        dynamodb_max_attempts=int(env.get("DYNAMODB_MAX_ATTEMPTS", "3")),
        # How old a kept response may be and still answer when DynamoDB fails (RFC 5861).
        stale_if_error=int(env.get("STALE_IF_ERROR", "86400")),
        # Repeated identical requests within this many seconds are answered from the warm
        # container, with no DynamoDB request (0: off; each stage sets its own).
        response_cache_ttl=float(env.get("RESPONSE_CACHE_TTL", "0")),
        # The in-container response cache's budget, in bytes of body and headers.
        cache_max_bytes=int(env.get("CACHE_MAX_BYTES", str(8 * 1024 * 1024))),
        data=DataTerms(
            license=env.get("DATA_LICENSE") or None,
            rights=env.get("DATA_RIGHTS") or None,
            access_level=env.get("DATA_ACCESS_LEVEL") or None,
            contact_name=env.get("DATA_CONTACT_NAME") or None,
            contact_email=env.get("DATA_CONTACT_EMAIL") or None,
        ),
    )


def _origin(text: str) -> str:
    """An origin as browsers write it: lower case, no path, no default port."""
    origin = text.lower().rstrip("/")
    for scheme, port in (("https://", ":443"), ("http://", ":80")):
        if origin.startswith(scheme) and origin.endswith(port):
            origin = origin[: -len(port)]
    return origin
