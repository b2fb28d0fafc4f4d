"""Find where a value sits in a TOML text, so every problem can name its file and line.

`tomllib` gives positions only for syntax errors, and pydantic gives a `loc` such as
`("services", 2, "cookies", 0, "lifetime")`. `locate` scans the text once, tracking table
headers, arrays of tables and inline tables, and maps each key path to its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

Loc = tuple[str | int, ...]
Position = tuple[int, int]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def locate(text: str, loc: Sequence[str | int]) -> Position | None:
    """Line and column (1-based) of the deepest part of `loc` present in `text`, or None."""
    index = _index(text)
    path = tuple(loc)
    while path:
        if path in index:
            return index[path]
        path = path[:-1]
    return None


def format_loc(loc: Sequence[str | int]) -> str:
    """`("services", 2, "id")` → `services[2].id`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + (part if _BARE_KEY.fullmatch(part) else f'"{part}"')
    return out


@lru_cache(maxsize=16)
def _index(text: str) -> dict[Loc, Position]:
    index: dict[Loc, Position] = {}
    last_item: dict[Loc, int] = {}
    table: Loc = ()
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw)
        stripped = line.strip()
        if not stripped:
            continue
        column = len(line) - len(line.lstrip()) + 1
        if stripped.startswith("[["):
            keys = _split_key(stripped[2:].split("]]", 1)[0])
            if not keys:
                continue
            parent = _resolve(keys[:-1], last_item)
            array = (*parent, keys[-1])
            last_item[array] = last_item.get(array, -1) + 1
            table = (*array, last_item[array])
            index.setdefault(array, (lineno, column))
            index[table] = (lineno, column)
        elif stripped.startswith("["):
            keys = _split_key(stripped[1:].split("]", 1)[0])
            if not keys:
                continue
            table = (*_resolve(keys[:-1], last_item), keys[-1])
            index.setdefault(table, (lineno, column))
        else:
            key_text, sep, value = _split_assignment(line)
            if not sep:
                continue
            keys = _split_key(key_text)
            if not keys:
                continue
            path = (*table, *keys)
            index.setdefault(path, (lineno, column))
            offset = len(line) - len(value)
            for sub, sub_col in _inline_keys(value):
                index.setdefault((*path, *sub), (lineno, offset + sub_col + 1))
    return index


def _resolve(keys: Sequence[str], last_item: dict[Loc, int]) -> Loc:
    """Turn header keys into a path, entering the current item of each array of tables."""
    path: Loc = ()
    for key in keys:
        path = (*path, key)
        if path in last_item:
            path = (*path, last_item[path])
    return path


def _strip_comment(line: str) -> str:
    quote: str | None = None
    escaped = False
    for i, char in enumerate(line):
        if escaped:
            escaped = False
            continue
        if quote == '"' and char == "\\":
            escaped = True
        elif quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:i]
    return line


def _split_assignment(line: str) -> tuple[str, str, str]:
    quote: str | None = None
    for i, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "=":
            return line[:i], "=", line[i + 1 :]
    return line, "", ""


def _split_key(text: str) -> list[str]:
    """`a."b.c".d` → ["a", "b.c", "d"]; an empty list when the text is not a key."""
    keys: list[str] = []
    rest = text.strip()
    while rest:
        if rest[0] in "\"'":
            end = rest.find(rest[0], 1)
            if end < 0:
                return []
            keys.append(rest[1:end])
            rest = rest[end + 1 :].strip()
        else:
            match = _BARE_KEY.match(rest)
            if not match:
                return []
            keys.append(match.group(0))
            rest = rest[match.end() :].strip()
        if rest.startswith("."):
            rest = rest[1:].strip()
        elif rest:
            return []
    return keys


def _inline_keys(value: str) -> Iterator[tuple[Loc, int]]:
    """Key paths inside inline tables and arrays on one line, with their column offsets."""
    stack: list[tuple[str, Loc, int]] = []  # (kind, path, next array index)
    path: Loc = ()
    i = 0
    expecting_key = False
    while i < len(value):
        char = value[i]
        if char in "\"'":
            end = value.find(char, i + 1)
            if expecting_key:
                key_end = end if end >= 0 else len(value)
                after = value[key_end + 1 :].lstrip()
                if after.startswith("="):
                    yield (*path, value[i + 1 : key_end]), i
                    path = (*path, value[i + 1 : key_end])
                    expecting_key = False
            i = (end if end >= 0 else len(value)) + 1
            continue
        if char == "{":
            stack.append(("table", path, 0))
            expecting_key = True
        elif char == "[":
            stack.append(("array", path, 0))
            path = (*path, 0)
        elif char in "}]":
            if stack:
                _, path, _ = stack.pop()
                if stack and stack[-1][0] == "array":
                    path = (*stack[-1][1], stack[-1][2])
            expecting_key = False
        elif char == ",":
            if stack and stack[-1][0] == "table":
                path = stack[-1][1]
                expecting_key = True
            elif stack and stack[-1][0] == "array":
                kind, base, n = stack[-1]
                stack[-1] = (kind, base, n + 1)
                path = (*base, n + 1)
        elif char == "=" and stack and stack[-1][0] == "table":
            expecting_key = False
        elif expecting_key and _BARE_KEY.match(char):
            match = _BARE_KEY.match(value, i)
            after = value[match.end() :].lstrip() if match else ""
            if match and (after.startswith("=") or after.startswith(".")):
                yield (*path, match.group(0)), i
                path = (*path, match.group(0))
                expecting_key = False
                i = match.end()
                continue
        i += 1
