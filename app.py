"""Chalice app: the public read API's routes, each a call into chalicelib.handlers."""

from __future__ import annotations

from collections.abc import Callable

from chalice.app import Chalice, CORSConfig, Request, Response

from chalicelib import handlers
from chalicelib.taxonomy import ANNOUNCEMENT, FESTIVAL_PRODUCT, PROJECT, SECTOR, Kind

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
# No CORS on these: a preflight then offers only GET and HEAD. Errors still carry
# Access-Control-Allow-Origin (handlers.common_headers).
WRITE = {"methods": ["POST", "PUT", "PATCH", "DELETE"], "content_types": ["*/*"]}


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


@app.route("/v1/openapi.json", **READ)
def openapi() -> Response:
    return handlers.openapi(_request())


@app.route("/docs", **READ)
def docs() -> Response:
    return handlers.docs(_request())


@app.route("/v1/sync", **READ)
def sync() -> Response:
    return handlers.sync(_request())


@app.route("/v1/announcements.atom", **READ)
def atom_feed() -> Response:
    return handlers.feed(_request(), "atom")


@app.route("/v1/announcements.json", **READ)
def json_feed() -> Response:
    return handlers.feed(_request(), "json")


@app.route("/oembed", **READ)
def oembed() -> Response:
    return handlers.oembed(_request())


@app.route("/oembed.xml", **READ)
def oembed_xml() -> Response:
    return handlers.oembed(_request(), "xml")


def _embed_list(kind: Kind) -> Callable[[], Response]:
    def embed_list() -> Response:
        return handlers.embed_list(_request(), kind)

    return embed_list


def _html_item(kind: Kind, embed: bool) -> Callable[[str], Response]:
    def html_item(item_id: str) -> Response:
        return handlers.html_item(_request(), kind, item_id, embed=embed)

    return html_item


# Widgets for partner pages (/embed/...) and the item pages they link back to.
for _kind in (ANNOUNCEMENT, PROJECT, FESTIVAL_PRODUCT):
    app.route(f"/embed/{_kind.path}", **READ)(_embed_list(_kind))
    app.route(f"/embed/{_kind.path}/{{item_id}}", **READ)(_html_item(_kind, embed=True))
    app.route(f"/{_kind.path}/{{item_id}}", **READ)(_html_item(_kind, embed=False))


# Every other method on these paths is a 405 problem, not API Gateway's bare 403.
def write_to_list() -> Response:
    return handlers.not_allowed(_request())


def write_to_item(item_id: str) -> Response:
    return handlers.not_allowed(_request())


for _path in list(app.routes):
    app.route(_path, **WRITE)(write_to_item if "{item_id}" in _path else write_to_list)
