"""Content files as YAML, read strictly: no anchors or aliases, no duplicate keys, bounded size
and depth, dates left as text for the models to check; every refusal one line with its line."""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.error import Mark, MarkedYAMLError
from yaml.nodes import MappingNode, Node

from coop.errors import Unreadable

MAX_BYTES = 1024 * 1024  # a record must fit a 400 KB DynamoDB item; the seed's largest is 9 KB
MAX_DEPTH = 20  # the models nest at most 6 levels
TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Refused(MarkedYAMLError):
    def __init__(self, mark: Mark | None, problem: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses what content never needs, and leaves dates to pydantic."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            message = f"anchors and aliases ({sign}{anchor}) are not allowed in content"
            raise _Refused(event.start_mark, message)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(event.start_mark, f"nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        self.flatten_mapping(node)
        seen: dict[Hashable, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, Hashable) and key in seen:
                message = f"duplicate key {key!r} (first on line {seen[key] + 1})"
                raise _Refused(key_node.start_mark, message)
            if isinstance(key, Hashable):
                seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep)

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError) as error:  # `!!int x`, an int of 5,000 digits
            raise ConstructorError(None, None, str(error), node.start_mark) from error


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _as_text(loader: StrictLoader, node: Node) -> Any:
    return loader.construct_yaml_str(node)


StrictLoader.add_constructor(TIMESTAMP, _as_text)


def load(path: Path) -> Any:
    """The data of one file; Unreadable when it is too large, not UTF-8 or refused."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise Unreadable(f"cannot be read: {error.strerror}") from error
    if len(raw) > MAX_BYTES:
        raise Unreadable(f"is over {MAX_BYTES:,} bytes, more than a content file may hold")
    try:
        return yaml.load(raw.decode("utf-8"), Loader=StrictLoader)
    except UnicodeDecodeError as error:
        raise Unreadable(f"cannot be read: not UTF-8 (byte {error.start})") from error
    except MarkedYAMLError as error:
        raise Unreadable(_one_line(error)) from error
    except yaml.YAMLError as error:
        raise Unreadable(f"cannot be read: {str(error).splitlines()[0]}") from error


def _one_line(error: MarkedYAMLError) -> str:
    mark = error.problem_mark or error.context_mark
    where = f"line {mark.line + 1}: " if mark else ""
    problem = " ".join(str(error.problem or error.context or "").split())
    if isinstance(error, _Refused):
        return f"{where}{problem}"
    return f"cannot be read: {where}{problem}"
