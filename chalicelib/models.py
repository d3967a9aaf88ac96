"""Pydantic models of the published content: what a content file may hold, field by field.

The content tool validates with these and the API serves the documents they produce.
The Lambda request path never imports this module: pydantic adds about 200 ms to a cold
start (docs/architecture.md), and the documents were validated before they were loaded.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from typing_extensions import TypedDict

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
SectorCode = Literal[
    "architecture",
    "real-estate",
    "hotel-development",
    "trade-circulation",
    "packaging",
    "residential",
    "transport",
    "new-energy",
]
Category = Literal["fresh-fruit", "nuts", "wine"]
Direction = Literal["offered-to-chongqing", "examined-in-chongqing"]


# Keys with a hyphen need the functional form.
LocalizedText = TypedDict(  # noqa: UP013
    "LocalizedText",
    {"zh-Hans": NonEmpty, "zh-Hant": NonEmpty, "en": NonEmpty},
    total=False,
)
LocalizedText.__pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[attr-defined]


def _not_empty(value: LocalizedText) -> LocalizedText:
    if not value:
        raise ValueError("needs at least one of zh-Hans, zh-Hant, en")
    return value


Text = Annotated[LocalizedText, AfterValidator(_not_empty)]
"""A localized text: ``{"zh-Hans": ..., "zh-Hant": ..., "en": ...}``, at least one present."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(Model):
    id: Slug
    heading: Text
    body: Text | None = None


class Fair(Model):
    name: Text
    edition: int = Field(ge=1)


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
    project_count: int = Field(ge=1)
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
    order: int = Field(ge=0)
    announcement_id: Slug


class FestivalProduct(Model):
    id: Slug
    category: Category
    name: Text
    summary: Text
    origin: Text
    transport: Literal["air", "sea", "land"] | None = None
    order: int = Field(ge=0)
    announcement_id: Slug


class Sector(Model):
    id: SectorCode
    label: Text
    order: int = Field(ge=0)


Record = Announcement | Project | FestivalProduct | Sector

MODELS: dict[str, type[Record]] = {
    "announcement": Announcement,
    "project": Project,
    "festival-product": FestivalProduct,
    "sector": Sector,
}
