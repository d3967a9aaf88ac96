"""/data.json against DCAT-US 1.1 (tests/dcat.py); the operator's terms from stage settings,
never invented; the licence, when set, on every answer."""

from __future__ import annotations

import pytest

from chalicelib.api import catalogue
from chalicelib.config import DataTerms
from chalicelib.store.dynamodb import DynamoStore
from coop import loader, publish
from tests import dcat
from tests.conftest import CONTENT, TABLE
from tests.functional.helpers import body, get, header

TERMS = {
    "DATA_LICENSE": "https://creativecommons.org/licenses/by/4.0/",
    "DATA_ACCESS_LEVEL": "public",
    "DATA_CONTACT_NAME": "Open data desk",
    "DATA_CONTACT_EMAIL": "opendata@example.org",
}


@pytest.fixture
def published(db, api):
    """The seed loaded and published as coop load does, without a bucket."""
    from coop import content

    plan = loader.load(db, TABLE, content.read(CONTENT))
    publish.publish(db, TABLE, plan.live, None)
    return api


def test_with_the_operators_terms_the_catalogue_is_valid_dcat_us(published, monkeypatch):
    for name, value in TERMS.items():
        monkeypatch.setenv(name, value)
    catalogue = body(get(published, "/data.json"))
    assert dcat.problems(catalogue) == []
    whole, *kinds = catalogue["dataset"]
    assert [d["identifier"] for d in kinds] == [
        f"http://localhost/data.json#{path}"
        for path in ("announcements", "projects", "festival-products", "sectors")
    ]
    assert whole["license"] == TERMS["DATA_LICENSE"] and whole["accessLevel"] == "public"
    assert whole["contactPoint"] == {"@type": "vcard:Contact", "fn": "Open data desk",
                                     "hasEmail": "mailto:opendata@example.org"}  # fmt: skip
    assert whole["language"] == ["zh-Hans", "zh-Hant", "en"]
    assert "No licence" not in whole["description"] and "No contact" not in whole["description"]
    assert whole["publisher"]["name"] == "Chongqing Foreign Trade and Economic Relations Commission"
    assert {"合作项目", "合作項目", "Cooperation projects"} <= set(kinds[1]["keyword"])
    assert kinds[1]["landingPage"] == "http://localhost/docs"
    assert [d.get("accessURL") for d in kinds[1]["distribution"]] == [
        "http://localhost/v1/projects", "http://localhost/v1/projects.csv",
    ]  # fmt: skip


def test_modified_is_the_newest_updated_at(published):
    catalogue = body(get(published, "/data.json"))
    items = body(get(published, "/v1/projects"))["items"]
    newest = max(i["updated_at"] for i in items)
    assert catalogue["dataset"][2]["modified"] == newest
    assert catalogue["dataset"][0]["modified"] >= newest


def test_without_terms_nothing_is_invented_and_the_catalogue_says_so(db, published):
    """Every stage sets DATA_ACCESS_LEVEL (.chalice/config.json); with no term at all:"""
    none = DataTerms(license=None, rights=None, access_level=None, contact_name=None,
                     contact_email=None)  # fmt: skip
    found = catalogue.catalogue(DynamoStore(db, TABLE), "https://api.example", none)
    for each in found["dataset"]:
        assert "license" not in each and "contactPoint" not in each
        assert "accessLevel" not in each and "rights" not in each
        assert "No licence has been set for this data" in each["description"]
        assert "No contact has been set for this data" in each["description"]
    assert sorted(set(dcat.problems(found))) == sorted(
        f"dataset[{n}]: {name} is required" for n in range(5)
        for name in ("contactPoint", "accessLevel")
    )  # fmt: skip
    served = body(get(published, "/data.json"))  # the test stage: public, no contact
    assert served["dataset"][0]["accessLevel"] == "public"
    assert "DATA_CONTACT_EMAIL" in served["dataset"][0]["description"]
    assert sorted(set(dcat.problems(served))) == [
        f"dataset[{n}]: contactPoint is required" for n in range(5)
    ]
    assert "license" not in (header(get(published, "/v1/sectors"), "link") or "")


def test_the_check_catches_what_the_spec_forbids():
    broken = {"conformsTo": dcat.SCHEMA, "dataset": [{
        "title": "t", "description": "d", "keyword": [], "modified": "yesterday",
        "publisher": {}, "contactPoint": {"fn": "x", "hasEmail": "x@y.z"}, "identifier": "i",
        "accessLevel": "restricted public", "language": ["chinese"], "license": "CC-BY",
        "distribution": [{"downloadURL": "https://x.example/a.zip"}],
    }]}  # fmt: skip
    assert dcat.problems(broken) == [
        "dataset[0]: keyword must be a list of non-empty strings",
        "dataset[0]: modified is not ISO 8601",
        "dataset[0]: license is not a URL",
        "dataset[0]: language holds a tag that is not RFC 5646",
        "dataset[0]: publisher needs a name",
        "dataset[0]: contactPoint needs fn and hasEmail (mailto:)",
        "dataset[0]: rights is required when access is not public",
        "dataset[0].distribution[0]: mediaType is required with downloadURL",
    ]


@pytest.mark.parametrize(
    ("path", "status"),
    [("/v1/sectors", 200), ("/v1/projects?limit=5", 200), ("/v1/projects/no-such-id", 404),
     ("/v1/projects?limit=0", 400), ("/embed/projects", 200), ("/data.json", 200)],
)  # fmt: skip
def test_a_licence_set_rides_on_every_answer(client, monkeypatch, path, status):
    monkeypatch.setenv("DATA_LICENSE", TERMS["DATA_LICENSE"])
    response = get(client, path)
    assert response.status_code == status
    link = header(response, "link") or ""
    assert link.endswith('<https://creativecommons.org/licenses/by/4.0/>; rel="license"')
    if "limit=5" in path:
        assert link.startswith("<?limit=5&cursor=") and 'rel="next", <https://' in link
    etag = header(response, "etag")
    if etag:
        again = get(client, path, **{"If-None-Match": etag})
        assert again.status_code == 304 and 'rel="license"' in (header(again, "link") or "")
