"""What the API answers, as pydantic models generated from the content models (docs/api.md).

Only the content tool imports this: ``coop openapi`` writes the OpenAPI document from it.
An item is a content model with its API fields (``type``, metadata, ``links``,
``fallbacks``); a selection (``fields=``) is the same with every field optional.
"""

from __future__ import annotations

from functools import cache
from types import UnionType
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Literal,
    TypeAlias,
    Union,
    cast,
    get_args,
    get_origin,
)

from pydantic import BaseModel, ConfigDict, Field, create_model

from chalicelib.taxonomy import KINDS, Kind
from coop.models import AllLanguages, LocalizedText, Model

if TYPE_CHECKING:
    Lang: TypeAlias = str
    KindName: TypeAlias = str
else:
    from coop.models import Lang

    KindName = Literal[tuple(KINDS)]

Served = Annotated[
    str | AllLanguages,
    Field(description="The text in the language served; with lang=all, all three languages"),
]
"""A localized text as served: a string in the asked language, or all of them with lang=all."""


def _absent(schema: dict[str, Any]) -> None:
    schema.pop("default", None)  # a field left out is absent, never null


class Response(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Link(Response):
    """A record this one relates to (computed when content is loaded)."""

    type: KindName
    id: str
    url: str = Field(description="The record in this API: a path on its host, /v1/<kind>/<id>")


def _is_text(annotation: Any) -> bool:
    return annotation is LocalizedText or (
        get_origin(annotation) is Annotated and get_args(annotation)[0] is LocalizedText
    )


def _served_type(annotation: Any, partial: bool) -> Any:
    if _is_text(annotation):
        return Served
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, UnionType):
        return Union[tuple(_served_type(arg, partial) for arg in args)]  # noqa: UP007
    if origin is list:
        return list[_served_type(args[0], partial)]  # type: ignore[misc]
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return served(annotation, partial=partial)
    return annotation


SECTOR_COUNTS = {
    "project_record_count": (
        "How many project records /v1/projects?sector= lists: records, not projects. The"
        " release gives 10 key projects across 8 sectors and no split, so each sector has one"
        " record standing for its key projects; the announcement's"
        " investment_briefing.project_count carries the 10."
    ),
    "project_count": (
        "The same number as project_record_count, under the name it had first; kept within"
        " /v1, which renames no field (docs/clients.md)"
    ),
}


def _api_fields(kind: str, partial: bool = False) -> dict[str, Any]:
    """What the API adds to a record: metadata, links, fallbacks, a sector's counts; links
    of a selection may hold only some of their parts (``fields=links.id``)."""
    links: Any = list[_link_part()] if partial else list[Link]  # type: ignore[misc]
    fields: dict[str, Any] = {
        "created_at": (str, Field(description="When the record was first loaded")),
        "updated_at": (str, Field(description="When the record last changed")),
        "version": (int, Field(ge=1, description="Grows by one at every change")),
        "links": (links, Field(description="The records this one relates to, both ways")),
        "fallbacks": (
            dict[str, Lang],
            Field(description="Fields missing in the asked language, and the language served"),
        ),
    }
    if kind == "sector":
        for name, text in SECTOR_COUNTS.items():
            deprecated = name == "project_count"
            fields[name] = (int, Field(ge=0, deprecated=deprecated, description=text))
    return fields


@cache
def served(model: type[Model], kind: str | None = None, partial: bool = False) -> type[Response]:
    """The served form of a content model; with ``kind``, an item with its API fields;
    ``partial``, every field optional but ``type``, ``id`` and ``fallbacks`` (``fields=``)."""
    fields = {name: (_served_type(info.annotation, partial), ...)  # null when empty, not absent
              for name, info in model.model_fields.items()}  # fmt: skip
    if kind is not None:
        fields = {"type": (Literal[kind], ...), **fields, **_api_fields(kind, partial)}
    if partial:
        always = ("type", "id", "fallbacks") if kind else ()
        fields = {
            name: spec if name in always else _optional(spec) for name, spec in fields.items()
        }
    suffix = "Item" if kind else "Served"
    name = model.__name__ + (
        "Selection" if partial and kind else suffix + ("Part" if partial else "")
    )
    made: type[Response] = create_model(name, __base__=Response, **fields)  # type: ignore[call-overload]
    return made


@cache
def _link_part() -> type[Response]:
    """A link with only the parts ``fields=`` chose (``links.id``, ``links.url``)."""
    fields = {name: _optional((info.annotation, info)) for name, info in Link.model_fields.items()}
    made: type[Response] = create_model("LinkPart", __base__=Response, **fields)  # type: ignore[call-overload]
    return made


def _optional(spec: tuple[Any, Any]) -> tuple[Any, Any]:
    """Not required: a selection leaves the field out."""
    annotation, info = spec
    described = {} if info is ... else {"description": info.description,
                                         "deprecated": info.deprecated}  # fmt: skip
    return annotation, Field(None, json_schema_extra=_absent, **described)


def item_model(kind: Kind, partial: bool = False) -> type[Response]:
    from coop import models

    return served(getattr(models, kind.model), kind.name, partial)


def _any_item() -> Any:
    return Union[tuple(item_model(kind) for kind in KINDS.values())]  # noqa: UP007


INCLUDES = {
    "includes": (
        "With include=links: the records the answer's records link to, each once (at most 100)"
    ),
    "includes_omitted": "With include=links: how many linked records passed the 100",
}


def _with_includes(name: str, base: type[Response]) -> type[Response]:
    records: Any = list[_any_item()] | None  # type: ignore[misc]
    made: type[Response] = create_model(
        name,
        __base__=base,
        includes=(records, Field(None, description=INCLUDES["includes"])),
        includes_omitted=(int | None, Field(None, ge=0, description=INCLUDES["includes_omitted"])),
    )
    return made


def detail_models(kind: Kind) -> tuple[type[Response], type[Response]]:
    """One record's answer: whole (``<Model>Detail``) or with fields chosen
    (``<Model>SelectionDetail``), either with its ``includes``."""
    whole = _with_includes(f"{kind.model}Detail", item_model(kind))
    chosen = _with_includes(f"{kind.model}SelectionDetail", item_model(kind, partial=True))
    return whole, chosen


def list_model(kind: Kind) -> type[Response]:
    """A page of a list; its items whole, or with fields chosen (``<Model>Selection``)."""
    items: Any = list[Union[item_model(kind), item_model(kind, partial=True)]]  # type: ignore[misc]  # noqa: UP007
    page = create_model(
        f"{kind.model}Page", __base__=Response, items=(items, ...), next_cursor=(str | None, ...)
    )
    return _with_includes(f"{kind.model}List", page)


def sync_model() -> type[Response]:
    items: Any = list[_any_item()]  # type: ignore[misc]
    made: type[Response] = create_model(
        "SyncPage",
        __base__=Response,
        items=(items, ...),
        deleted=(list[Deleted], ...),
        next_page_token=(str | None, ...),
        next_sync_token=(str | None, ...),
    )
    return made


class Highlight(Response):
    """Where a search's terms are in one text field of a result, as offsets into ``text``."""

    field: str = Field(
        description="The field's path in the item: title, summary, sections[0].body; with"
        " lang=all, one per language: title.zh-Hant"
    )
    text: str = Field(description="The field's text, as the item serves it")
    matches: list[tuple[int, int]] = Field(
        description="[start, end) of each match, in characters (code points) of text"
    )


class Facets(Response):
    """How many results each other choice would give: by type among the sector asked for,
    by sector among the types asked for."""

    type: dict[str, int]
    sector: dict[str, int]


def _hit(kind: Kind, partial: bool) -> type[Response]:
    """A search result: the item as the lists serve it (whole, or with fields chosen), with
    its score and highlights."""
    made = create_model(
        f"{kind.model}{'Selection' if partial else ''}Hit",
        __base__=item_model(kind, partial),
        score=(float, Field(ge=0, description="Relevance: higher is better (BM25F)")),
        highlights=(list[Highlight], ...),
    )
    return cast("type[Response]", made)


def search_model() -> type[Response]:
    hits = tuple(_hit(kind, partial) for kind in KINDS.values() for partial in (False, True))
    union: Any = Union[hits]  # noqa: UP007
    items: Any = list[union]
    page = create_model(
        "SearchResults",
        __base__=Response,
        items=(items, ...),
        next_cursor=(str | None, ...),
        total=(int, Field(ge=0, description="How many records match, over every page")),
        facets=(Facets, ...),
        relaxed=(
            bool,
            Field(
                description="True when no record had every word, and these results have two"
                " thirds of the character pairs of each long Chinese word (docs/search.md)"
            ),
        ),
        exhaustive=(
            bool,
            Field(
                description="False when a word is so common that the index keeps only the"
                " records where it weighs most: every result has every word, but records"
                " outside those are not found, and total counts what was found"
            ),
        ),
    )
    return _with_includes("SearchPage", page)


def served_models() -> dict[str, type[BaseModel]]:
    """Every model a route names, by name."""
    found: dict[str, type[BaseModel]] = {
        "SyncPage": sync_model(),
        "SearchPage": search_model(),
        "OEmbed": OEmbed,
    }
    for kind in KINDS.values():
        found[f"{kind.model}Detail"], found[f"{kind.model}SelectionDetail"] = detail_models(kind)
        found[f"{kind.model}List"] = list_model(kind)
    return found


class InvalidParam(Response):
    name: str
    reason: str


class Problem(Response):
    """An RFC 9457 problem: every error the API answers."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    invalid_params: list[InvalidParam] | None = Field(None, alias="invalid-params")
    resync: bool | None = Field(
        None, description="On /v1/sync: the token is too old; sync again from the start"
    )


class Deleted(Response):
    type: KindName
    id: str
    deleted_at: str


class OEmbed(Response):
    version: Literal["1.0"]
    type: Literal["rich"]
    title: str
    provider_name: str
    provider_url: str
    cache_age: int
    html: str
    width: int
    height: int
