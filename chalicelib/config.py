"""Settings from the environment, which each stage sets in .chalice/config.json; read lazily."""

from __future__ import annotations

import os
from dataclasses import dataclass

from chalicelib.taxonomy import LANGS

# Signs cursors outside production only; production must set CURSOR_SECRET.
DEV_CURSOR_SECRET = "development-only-cursor-secret"


class ConfigError(RuntimeError):
    """The stage is misconfigured: a deployment problem, never a client one."""


@dataclass(frozen=True)
class Settings:
    stage: str
    table_name: str
    endpoint_url: str | None
    region: str
    default_lang: str
    cache_max_age: int
    cursor_secret: bytes


def settings() -> Settings:
    """Read on every request: the lookups cost microseconds and tests can change them."""
    env = os.environ
    stage = env.get("STAGE", "dev")
    default_lang = env.get("DEFAULT_LANG", "zh-Hans")
    if default_lang not in LANGS:
        raise ConfigError(f"DEFAULT_LANG must be one of {', '.join(LANGS)}")
    secret = env.get("CURSOR_SECRET")
    if not secret:
        if stage == "prod":
            raise ConfigError("CURSOR_SECRET is required in the prod stage")
        secret = DEV_CURSOR_SECRET
    return Settings(
        stage=stage,
        table_name=env.get("TABLE_NAME", f"coop-{stage}"),
        endpoint_url=env.get("DYNAMODB_ENDPOINT_URL") or None,
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        default_lang=default_lang,
        cache_max_age=int(env.get("CACHE_MAX_AGE", "300")),
        cursor_secret=secret.encode(),
    )
