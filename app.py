"""Chalice app: the public read API's routes, each a call into chalicelib.handlers."""

from __future__ import annotations

from chalice.app import Chalice, CORSConfig, Request, Response

from chalicelib import handlers
from chalicelib.taxonomy import ANNOUNCEMENT, FESTIVAL_PRODUCT, PROJECT, SECTOR

app = Chalice(app_name="coop-api")
app.register_middleware(handlers.common_headers, "http")

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
WRITE = {"methods": ["POST", "PUT", "PATCH", "DELETE"], "cors": CORS, "content_types": ["*/*"]}


@app.route("/v1/announcements", **READ)
def list_announcements() -> Response:
    return handlers.list_items(_request(), ANNOUNCEMENT)


@app.route("/v1/announcements/{item_id}", **READ)
def get_announcement(item_id: str) -> Response:
    return handlers.get_item(_request(), ANNOUNCEMENT, item_id)


@app.route("/v1/projects", **READ)
def list_projects() -> Response:
    return handlers.list_items(_request(), PROJECT)


@app.route("/v1/projects/{item_id}", **READ)
def get_project(item_id: str) -> Response:
    return handlers.get_item(_request(), PROJECT, item_id)


@app.route("/v1/festival-products", **READ)
def list_festival_products() -> Response:
    return handlers.list_items(_request(), FESTIVAL_PRODUCT)


@app.route("/v1/festival-products/{item_id}", **READ)
def get_festival_product(item_id: str) -> Response:
    return handlers.get_item(_request(), FESTIVAL_PRODUCT, item_id)


@app.route("/v1/sectors", **READ)
def list_sectors() -> Response:
    return handlers.list_items(_request(), SECTOR)


# Every other method on these paths is a 405 problem, not API Gateway's bare 403.
@app.route("/v1/announcements", **WRITE)
@app.route("/v1/projects", **WRITE)
@app.route("/v1/festival-products", **WRITE)
@app.route("/v1/sectors", **WRITE)
def write_to_list() -> Response:
    return handlers.not_allowed(_request())


@app.route("/v1/announcements/{item_id}", **WRITE)
@app.route("/v1/projects/{item_id}", **WRITE)
@app.route("/v1/festival-products/{item_id}", **WRITE)
def write_to_item(item_id: str) -> Response:
    return handlers.not_allowed(_request())
