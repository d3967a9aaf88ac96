"""Pydantic models of the published content: what a content file may hold, field by field.

The content tool validates with these and the API serves the documents they produce (their
served form, for the OpenAPI document, is in coop/served.py).
The Lambda request path never imports this module: pydantic adds about 200 ms to a cold
start (docs/architecture.md), and the documents were validated before they were loaded.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
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
