"""A Python client generated from the OpenAPI document (openapi-python-client), as an app
developer would make one, used against `coop serve` over every operation."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import ROOT
from tests.integration.conftest import coop_serve

pytestmark = pytest.mark.integration
ANN = "chongqing-expands-cooperation-with-california"
CONFIG = "post_hooks: []\nproject_name_override: coop-client\npackage_name_override: coop_client\n"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("generated")
    (folder / "config.yaml").write_text(CONFIG)
    tool = Path(sys.executable).parent / "openapi-python-client"
    command = [str(tool), "generate", "--path", str(ROOT / "chalicelib" / "api" / "openapi.json"),
               "--config", str(folder / "config.yaml"), "--meta", "none",
               "--output-path", str(folder / "coop_client")]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("coop_client")
    finally:
        sys.path.remove(str(folder))


@pytest.fixture(scope="module")
def client(generated: ModuleType) -> Iterator[Any]:
    with coop_serve() as (base, _), generated.Client(base_url=base, timeout=30) as made:
        yield made


def call(client: Any, group: str, operation: str, **kwargs: Any) -> Any:
    module = importlib.import_module(f"coop_client.api.{group}.{operation}")
    response = module.sync_detailed(client=client, **kwargs)
    assert response.status_code == 200, (operation, response.content[:300])
    return response.parsed


def test_a_list_chain_pages_at_the_size_it_started_with(client):
    """The generated function sends limit=20 unless told: the cursor keeps the chain at 5."""
    first = call(client, "api", "get_v1_projects", limit=5)
    second = call(client, "api", "get_v1_projects", cursor=first.next_cursor)
    third = call(client, "api", "get_v1_projects", cursor=second.next_cursor)
    assert [len(page.items) for page in (first, second, third)] == [5, 5, 1]
    assert third.next_cursor is None


def test_a_sync_chain_pages_at_the_size_it_started_with(client, generated):
    lang = importlib.import_module("coop_client.models.get_v1_sync_lang").GetV1SyncLang
    page = first = call(client, "api", "get_v1_sync", limit=7, lang=lang.ALL)
    sizes = [len(page.items)]
    while page.next_page_token:
        page = call(client, "api", "get_v1_sync", token=page.next_page_token)
        sizes.append(len(page.items))
    assert sizes == [7, 7, 7, 2] and page.next_sync_token
    # With lang=all each text is the AllLanguages type, every language a required str.
    title = first.items[0].title
    assert type(title).__name__ == "AllLanguages" and title.zh_hant and title.en


@pytest.mark.parametrize(
    ("group", "operation", "kwargs"),
    [
        ("api", "get_v1_announcements", {}),
        ("api", "get_v1_announcements_item_id", {"item_id": ANN}),
        ("api", "get_v1_festival_products", {}),
        ("api", "get_v1_festival_products_item_id", {"item_id": "red-wine"}),
        ("api", "get_v1_projects_item_id", {"item_id": "data-operation-centers"}),
        ("api", "get_v1_sectors", {}),
        ("api", "get_v1_sectors_item_id", {"item_id": "transport"}),
        ("embeds", "get_embed_announcements", {}),
        ("embeds", "get_embed_announcements_item_id", {"item_id": ANN}),
        ("embeds", "get_announcements_item_id", {"item_id": ANN}),
        ("embeds", "get_embed_projects", {}),
        ("embeds", "get_embed_projects_item_id", {"item_id": "data-operation-centers"}),
        ("embeds", "get_projects_item_id", {"item_id": "data-operation-centers"}),
        ("embeds", "get_embed_festival_products", {}),
        ("embeds", "get_embed_festival_products_item_id", {"item_id": "nuts"}),
        ("embeds", "get_festival_products_item_id", {"item_id": "nuts"}),
        ("feeds", "get_v1_announcements_atom", {}),
        ("feeds", "get_v1_announcements_json", {}),
        ("meta", "get_v1_openapi_json", {}),
        ("meta", "get_docs", {}),
        ("meta", "get_data_json", {}),
    ],
)
def test_every_operation_answers_what_the_document_says(client, group, operation, kwargs):
    parsed = call(client, group, operation, **kwargs)
    if group == "api":
        assert type(parsed).__name__.endswith(("Detail", "List")), type(parsed)
    elif operation != "get_v1_announcements_atom":  # the generator leaves Atom's XML unparsed
        assert parsed


def test_oembed_json_and_xml(client, generated):
    widget = quote(f"{client._base_url}/embed/festival-products/nuts?lang=en", safe=":/?=&")
    found = call(client, "o_embed", "get_oembed", url_query=widget)
    assert type(found).__name__ == "OEmbed" and found.title == "Nuts"
    xml = call(client, "o_embed", "get_oembed_xml", url_query=widget)
    assert xml.startswith('<?xml version="1.0" encoding="utf-8" standalone="yes"?>')
    assert "<title>Nuts</title>" in xml


def test_fields_and_include_through_the_generated_client(client, generated):
    """fields is a string; include an enum; a selection parses as <Model>Selection, with the
    fields left out Unset (a link's parts too), and includes as the linked records' own
    types."""
    unset = importlib.import_module("coop_client.types").UNSET
    include = importlib.import_module("coop_client.models.get_v1_projects_include")
    page = call(
        client,
        "api",
        "get_v1_projects",
        fields="id,title",
        lang=_lang(generated, "en"),
        include=include.GetV1ProjectsInclude.LINKS,
        sector=_sector(generated),
    )
    (item,) = page.items
    assert type(item).__name__ == "ProjectSelection" and item.title == "Key projects in transport"
    assert item.summary is unset and item.id == "key-projects-transport"
    assert [type(r).__name__ for r in page.includes] == ["AnnouncementItem", "SectorItem"]
    assert page.includes[1].label == "Transport" and page.includes_omitted == 0
    one = call(
        client, "api", "get_v1_announcements_item_id", item_id=ANN, fields="sections.heading"
    )
    assert type(one).__name__ == "AnnouncementSelectionDetail"
    assert one.sections[0].heading and one.sections[0].body is unset
    whole = call(client, "api", "get_v1_projects_item_id", item_id="key-projects-transport")
    assert type(whole).__name__ == "ProjectDetail" and whole.links[1].url == (
        "/v1/sectors/transport"
    )
    ids = call(client, "api", "get_v1_projects_item_id", item_id="key-projects-transport",
               fields="links.id")  # fmt: skip
    assert [link.id for link in ids.links] == [ANN, "transport"]
    assert ids.links[0].url is unset and ids.links[0].type_ is unset


def _lang(generated: ModuleType, tag: str) -> Any:
    module = importlib.import_module("coop_client.models.get_v1_projects_lang")
    return module.GetV1ProjectsLang(tag)


def _sector(generated: ModuleType) -> Any:
    module = importlib.import_module("coop_client.models.get_v1_projects_sector")
    return module.GetV1ProjectsSector("transport")
