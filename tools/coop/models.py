"""Pydantic models of the published content: what a content file may hold, field by field.

The content tool validates with these and the API serves the documents they produce.
The Lambda request path never imports this module: pydantic adds about 200 ms to a cold
start (docs/architecture.md), and the documents were validated before they were loaded.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    create_model,
)
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from chalicelib.taxonomy import CATEGORIES, DIRECTIONS, KINDS, LANGS, SECTORS

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]


def _by_language(name: str, text: Any, total: bool) -> Any:
    """A TypedDict with one key per language of taxonomy.LANGS (hyphens: the functional form)."""
    made = TypedDict(name, {lang: text for lang in LANGS}, total=total)  # type: ignore[misc]
    made.__pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[attr-defined]
    return made


# The closed vocabularies are taxonomy's; type checkers see plain strings.
if TYPE_CHECKING:
    SectorCode: TypeAlias = str
    Category: TypeAlias = str
    Direction: TypeAlias = str
    Lang: TypeAlias = str
    LocalizedText: TypeAlias = dict[str, str]
    AllLanguages: TypeAlias = dict[str, str]
else:
    SectorCode, Category = Literal[SECTORS], Literal[CATEGORIES]
    Direction, Lang = Literal[DIRECTIONS], Literal[LANGS]
    LocalizedText = _by_language("LocalizedText", NonEmpty, total=False)
    # With lang=all every language is there: one missing from the content is filled along
    # its fallback chain (and named in `fallbacks`), so a typed client may rely on all three.
    AllLanguages = _by_language("AllLanguages", str, total=True)
MAX_ORDER = 99_999_999
"""Lists sort on ``order`` written with 8 digits (keys.sort_key): a 9th would sort wrong."""


def _order_in_range(value: int) -> int:
    if not 0 <= value <= MAX_ORDER:
        raise PydanticCustomError(
            "order_range",
            "must be from 0 to {largest} (lists sort on 8 digits)",
            {"largest": MAX_ORDER},
        )
    return value


# Strict: YAML's `true` is not an order or a count.
Order = Annotated[StrictInt, AfterValidator(_order_in_range)]


def _not_empty(value: LocalizedText) -> LocalizedText:
    if not value:
        raise ValueError(f"needs at least one of {', '.join(LANGS)}")
    return value


Text = Annotated[LocalizedText, AfterValidator(_not_empty)]
"""A localized text: one string per language of taxonomy.LANGS, at least one present."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(Model):
    id: Slug
    heading: Text
    body: Text | None = None


class Fair(Model):
    name: Text
    edition: StrictInt = Field(ge=1)


class Agreement(Model):
    title: Text
    partner: Text
    signed_on: dt.date | None = None


class Delegation(Model):
    origin: Text
    led_by: list[Text]
    members: list[Text]
    activities: list[Text]


class InvestmentBriefing(Model):
    host: Text
    purpose: Text
    project_count: StrictInt = Field(ge=1)
    sectors: list[SectorCode]
    project_ids: list[Slug]


class InvestmentInterests(Model):
    examined_by: Text
    project_ids: list[Slug]


class Festival(Model):
    name: Text
    short_name: Text
    held_with: Text
    import_channel: Text
    origin: Text
    transport: Literal["air", "sea", "land"] | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    product_ids: list[Slug]


class Announcement(Model):
    id: Slug
    title: Text
    summary: Text
    publisher: Text | None = None
    published_at: dt.date | None = None
    sections: list[Section]
    fair: Fair | None = None
    agreement: Agreement | None = None
    delegation: Delegation | None = None
    investment_briefing: InvestmentBriefing | None = None
    investment_interests: InvestmentInterests | None = None
    festival: Festival | None = None
    source: str | None = None


class Project(Model):
    id: Slug
    direction: Direction
    sector: SectorCode | None = None
    title: Text
    summary: Text
    name: Text | None = None
    order: Order
    announcement_id: Slug


class FestivalProduct(Model):
    id: Slug
    category: Category
    name: Text
    summary: Text
    origin: Text
    transport: Literal["air", "sea", "land"] | None = None
    order: Order
    announcement_id: Slug


class Sector(Model):
    id: SectorCode
    label: Text
    order: Order


Record = Announcement | Project | FestivalProduct | Sector
# Each kind's model, by the name its Kind gives (chalicelib.taxonomy).
MODELS: dict[str, type[Record]] = {kind.name: globals()[kind.model] for kind in KINDS.values()}


# ---- What the API serves: generated from the content models above (docs/api.md) ----

Served = Annotated[
    str | AllLanguages,
    Field(description="The text in the language served; with lang=all, all three languages"),
]
"""A localized text as served: a string in the asked language, or all of them with lang=all."""


class Response(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _is_text(annotation: Any) -> bool:
    return annotation is LocalizedText or (
        get_origin(annotation) is Annotated and get_args(annotation)[0] is LocalizedText
    )


def _served_type(annotation: Any) -> Any:
    if _is_text(annotation):
        return Served
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, UnionType):
        return Union[tuple(_served_type(arg) for arg in args)]  # noqa: UP007
    if origin is list:
        return list[_served_type(args[0])]  # type: ignore[misc]
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return served(annotation)
    return annotation


@cache
def served(model: type[Model], kind: str | None = None) -> type[Response]:
    """The served form of a content model; with ``kind``, an item with its API fields."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation = _served_type(info.annotation)
        fields[name] = (annotation, ...)  # the API writes every field, null when empty
    if kind is not None:
        fields = {"type": (Literal[kind], ...), **fields}
        fields["created_at"] = (str, Field(description="When the record was first loaded"))
        fields["updated_at"] = (str, Field(description="When the record last changed"))
        fields["version"] = (int, Field(ge=1, description="Grows by one at every change"))
        fields["fallbacks"] = (
            dict[str, Lang],
            Field(description="Fields missing in the asked language, and the language served"),
        )
        if kind == "sector":
            fields["project_record_count"] = (
                int,
                Field(
                    ge=0,
                    description=(
                        "How many project records /v1/projects?sector= lists: records, not"
                        " projects. The release gives 10 key projects across 8 sectors and no"
                        " split, so each sector has one record standing for its key projects;"
                        " the announcement's investment_briefing.project_count carries the 10."
                    ),
                ),
            )
            fields["project_count"] = (
                int,
                Field(
                    ge=0,
                    deprecated=True,
                    description=(
                        "The same number as project_record_count, under the name it had"
                        " first; kept within /v1, which renames no field (docs/clients.md)"
                    ),
                ),
            )
    name = model.__name__ + ("Item" if kind else "Served")
    return create_model(name, __base__=Response, **fields)


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
    type: Literal["announcement", "project", "festival-product", "sector"]
    id: str
    deleted_at: str


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
