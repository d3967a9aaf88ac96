"""Query parameter validation."""

import pytest
from chalice.app import MultiDict

from chalicelib.api.params import list_query, single_values
from chalicelib.errors import InvalidParameter
from chalicelib.taxonomy import PROJECT


def names(error: InvalidParameter) -> str:
    return str(error.extensions["invalid-params"][0]["name"])


@pytest.mark.parametrize("limit", ["0", "101", "-1", "1.5", "abc", "", "١٢", "1e2", " 5"])
def test_limit_out_of_range_or_malformed(limit):
    with pytest.raises(InvalidParameter) as raised:
        list_query(PROJECT, {"limit": limit})
    assert names(raised.value) == "limit"
    assert "1 to 100" in raised.value.detail


@pytest.mark.parametrize("limit", ["1", "100", "20"])
def test_limit_in_range(limit):
    assert list_query(PROJECT, {"limit": limit}).limit == int(limit)


def test_default_limit_is_20():
    assert list_query(PROJECT, {}).limit == 20


def test_filter_value_must_be_a_known_code():
    with pytest.raises(InvalidParameter) as raised:
        list_query(PROJECT, {"sector": "mining"})
    assert names(raised.value) == "sector"
    assert "architecture" in raised.value.detail


def test_unknown_parameter_is_named():
    with pytest.raises(InvalidParameter) as raised:
        single_values(MultiDict({"sectr": ["transport"]}), ("sector",))
    assert names(raised.value) == "sectr"


def test_repeated_parameter_is_rejected():
    with pytest.raises(InvalidParameter) as raised:
        single_values(MultiDict({"limit": ["1", "2"]}), ("limit",))
    assert "once" in raised.value.detail
