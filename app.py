"""Chalice app: every route of chalicelib.routes, each answered by its handler."""

from __future__ import annotations

from chalice.app import Chalice, CORSConfig, Request

from chalicelib import middleware
from chalicelib.routes import ROUTES

app = Chalice(app_name="coop-api")
app.register_middleware(middleware.common_headers, "http")

CORS = CORSConfig(
    allow_origin="*",
    allow_headers=["If-None-Match"],
    expose_headers=["ETag", "Link", "Content-Language", "Retry-After"],
    max_age=86400,
)


def _request() -> Request:
    request = app.current_request
    assert request is not None, "Chalice sets the request before calling a view"
    return request


READ = {"methods": ["GET", "HEAD"], "cors": CORS, "content_types": ["*/*"]}
# No CORS on these: a preflight then offers only GET and HEAD. Errors still carry
# Access-Control-Allow-Origin (middleware.common_headers).
WRITE = {"methods": ["POST", "PUT", "PATCH", "DELETE"], "content_types": ["*/*"]}

for _route in ROUTES:
    app.route(_route.path, **READ)(middleware.view(_route, _request))
    # Every other method is a 405 problem, not API Gateway's bare 403.
    app.route(_route.path, **WRITE)(middleware.not_allowed(_request))
