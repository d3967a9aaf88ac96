"""Absolute URLs of our pages, widgets, feeds and API, as the public reaches them.

No link names a host only because a request said so. Links name PUBLIC_BASE_URL when the
stage sets it; else the requested host (X-Forwarded-Host, which CloudFront sets, or Host) if
it is a public host (PUBLIC_HOSTS, and the hosts in the PUBLIC_HOSTS_PARAMETER that the
template fills with the distribution's), or else the first public host. A stage with no
public host trusts the request (dev, test); prod refuses to write a link (a 500, logged).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

from chalice.app import Request

from chalicelib.config import settings
from chalicelib.errors import ConfigError
from chalicelib.store import parameters

# A host as links and Host headers write it: a name or address, and maybe a port.
HOST = re.compile(r"[A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?")


def requested_path(request: Request) -> str:
    """The path as requested (``request.path`` is the route template)."""
    return str(request.context.get("path") or request.path)


def host_list(text: str, source: str) -> list[str]:
    """Hosts separated by spaces or commas, in lower case; a ConfigError names a wrong one."""
    found = [host.lower() for host in re.split(r"[\s,]+", text) if host]
    for host in found:
        if not HOST.fullmatch(host):
            raise ConfigError(f"{source} holds {host!r}, which is not a host (name and port)")
    return found


def public_hosts() -> list[str]:
    """PUBLIC_HOSTS, then the hosts in the SSM parameter PUBLIC_HOSTS_PARAMETER names."""
    conf = settings()
    found = host_list(conf.public_hosts, "PUBLIC_HOSTS")
    if conf.public_hosts_parameter:
        name = conf.public_hosts_parameter
        found += host_list(parameters.value(name, "the list of public hosts"), name)
    return list(dict.fromkeys(found))


def base_url(request: Request) -> str:
    """The scheme, host and (on API Gateway's own host) stage that links start with."""
    conf = settings()
    if conf.public_base_url:
        return conf.public_base_url
    headers = request.headers
    asked = (headers.get("x-forwarded-host") or headers.get("host", "")).lower()
    if not HOST.fullmatch(asked):
        asked = "localhost"
    allowed = public_hosts()
    if allowed:  # HTTPS whatever a header says; plain HTTP only on this machine
        host = asked if asked in allowed else allowed[0]
        return _on(request, "http" if _local(host) else "https", host)
    if conf.stage == "prod":
        raise ConfigError(
            "prod writes no link to a host a request names: set PUBLIC_BASE_URL, "
            "PUBLIC_HOSTS or PUBLIC_HOSTS_PARAMETER (docs/deploy.md)"
        )
    default = "http" if _local(asked) else "https"
    scheme = headers.get("x-forwarded-proto", default).split(",")[0].strip()
    return _on(request, scheme if scheme in ("http", "https") else "https", asked)


def own_hosts(base: str) -> set[str]:
    """The hosts whose URLs are ours (oEmbed): the one links name, and every public host."""
    return {urlsplit(base).netloc.lower(), *public_hosts()}


def _local(host: str) -> bool:
    return host.startswith(("127.", "localhost"))


def _on(request: Request, scheme: str, host: str) -> str:
    """On API Gateway's default host the stage is part of the path (``/api``); behind
    CloudFront or locally it is not."""
    stage = request.context.get("stage") if host.endswith(".amazonaws.com") else None
    return f"{scheme}://{host}" + (f"/{stage}" if stage else "")


def with_query(url: str, **params: str | None) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{url}?{query}" if query else url


def page(base: str, kind_path: str, item_id: str, lang: str | None = None) -> str:
    return with_query(f"{base}/{kind_path}/{item_id}", lang=lang)


def embed(base: str, kind_path: str, item_id: str | None = None, **params: str | None) -> str:
    path = f"{base}/embed/{kind_path}" + (f"/{item_id}" if item_id else "")
    return with_query(path, **params)
