"""Read consentry.toml into a `Declaration`, or explain every problem with file, line and field.

The steps: decode, parse TOML, merge the built-in purposes and the catalog services the
declaration `use`s, validate with pydantic, then check cross-references. Every failure becomes
a located `Problem`; nothing here ever lets a traceback reach the user.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import types
import typing
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from consentry.catalog import service_entry, service_ids
from consentry.declaration.issues import Issue, to_problems
from consentry.declaration.models import Declaration
from consentry.declaration.references import check_references
from consentry.errors import DeclarationError, Problem

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")

SELF_PROVIDER = "self"
"""`provider = "self"`: a self-hosted tool whose only recipient is the site's own publisher."""


def load_declaration(path: str | Path) -> Declaration:
    """Load and validate a declaration file; raise DeclarationError listing every problem."""
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DeclarationError(
            f"{file}: no such file",
            [
                Problem(
                    file,
                    None,
                    None,
                    "",
                    "no such file",
                    "run `consentry init` to write one, or pass --config FILE",
                )
            ],
        ) from None
    except OSError as exc:
        raise DeclarationError(
            f"{file}: cannot be read",
            [Problem(file, None, None, "", f"cannot be read: {exc.strerror or exc}")],
        ) from None
    return parse_declaration(data, file)


def parse_declaration(data: bytes | str, file: str = "consentry.toml") -> Declaration:
    """Validate a declaration given as bytes or text; `file` names it in messages."""
    text = _decode(data, file)
    raw = _parse_toml(text, file)
    merged, issues, skipped = _merge(raw)
    try:
        declaration = Declaration.model_validate(merged)
    except ValidationError as exc:
        issues += [i for i in _issues_from(exc) if not _under(i.loc, skipped)]
        _fail(file, text, issues)
        raise AssertionError("unreachable") from None  # _fail always raises
    issues += check_references(declaration)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        _fail(file, text, errors)
    declaration._source_file = file
    declaration._source_text = text
    return declaration


def builtin_categories() -> dict[str, Any]:
    """The built-in purposes as raw TOML tables, in display order."""
    return tomllib.loads(
        (files("consentry.declaration") / "categories.toml").read_text(encoding="utf-8")
    )


def _fail(file: str, text: str, issues: list[Issue]) -> typing.NoReturn:
    problems = to_problems(issues, text, file)
    count = len(problems)
    raise DeclarationError(
        f"{file} is not a valid declaration ({count} problem{'s' if count != 1 else ''})",
        problems,
    )


def _decode(data: bytes | str, file: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DeclarationError(
            f"{file} is not UTF-8 text",
            [
                Problem(
                    file,
                    line,
                    column,
                    "",
                    f"byte 0x{data[exc.start]:02x} is not UTF-8",
                    "save the file as UTF-8",
                )
            ],
        ) from None


def _parse_toml(text: str, file: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = column = None
        match = _TOML_POSITION.search(message)
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        else:
            end = _TOML_END.search(message)
            if end:
                line = text.count("\n") + 1
                message = message[: end.start()]
        raise DeclarationError(
            f"{file} is not valid TOML",
            [
                Problem(
                    file,
                    line,
                    column,
                    "",
                    message[:1].lower() + message[1:],
                    "see https://toml.io for the syntax",
                )
            ],
        ) from None
    except (RecursionError, ValueError) as exc:
        raise DeclarationError(
            f"{file} is not valid TOML",
            [Problem(file, None, None, "", f"cannot be parsed ({type(exc).__name__})")],
        ) from None


def _merge(raw: dict[str, Any]) -> tuple[dict[str, Any], list[Issue], list[tuple[str | int, ...]]]:
    """Fill in built-in purposes and catalog services; return the data, issues, skipped locs."""
    merged = dict(raw)
    issues: list[Issue] = []
    skipped: list[tuple[str | int, ...]] = []

    categories = builtin_categories()
    overrides = raw.get("categories", {})
    if isinstance(overrides, dict):
        for key, override in overrides.items():
            base = categories.get(key)
            if isinstance(base, dict) and isinstance(override, dict):
                combined = {**base, **override}
                for field in ("title", "description"):
                    if isinstance(base.get(field), dict) and isinstance(override.get(field), dict):
                        combined[field] = {**base[field], **override[field]}
                categories[key] = combined
            else:
                categories[key] = override
        merged["categories"] = categories
    else:
        merged["categories"] = overrides

    services = raw.get("services", [])
    if isinstance(services, list):
        resolved: list[Any] = []
        for index, given in enumerate(services):
            entry = given
            if isinstance(entry, dict) and "use" in entry:
                use = entry["use"]
                base = service_entry(use) if isinstance(use, str) else None
                if base is None:
                    issues.append(_unknown_service(index, use))
                    skipped.append(("services", index))
                    resolved.append(entry)
                    continue
                entry = {**base, **entry}
                if "id" not in given:
                    entry["id"] = use
            if isinstance(entry, dict) and entry.get("provider") == SELF_PROVIDER:
                entry = {**entry, "provider": _controller_name(raw)}
            resolved.append(entry)
        merged["services"] = resolved
    return merged, issues, skipped


def _controller_name(raw: dict[str, Any]) -> Any:
    controller = raw.get("controller")
    name = controller.get("name") if isinstance(controller, dict) else None
    return name if isinstance(name, str) and name.strip() else "the site's publisher"


def _unknown_service(index: int, use: object) -> Issue:
    known = service_ids()
    if not isinstance(use, str):
        return Issue(
            ("services", index, "use"),
            f"expected a catalog service id, got {use!r}",
            "known services: " + ", ".join(known),
        )
    close = difflib.get_close_matches(use, known, n=1, cutoff=0.6)
    hint = (
        f'did you mean "{close[0]}"?'
        if close
        else "known services: " + ", ".join(known) + "; for another service give id, name, "
        "provider, category, privacy_policy and cookies instead of use"
    )
    return Issue(("services", index, "use"), f'unknown service "{use}"', hint)


def _under(loc: tuple[str | int, ...], prefixes: list[tuple[str | int, ...]]) -> bool:
    return any(loc[: len(p)] == p for p in prefixes)


def _issues_from(exc: ValidationError) -> list[Issue]:
    issues: list[Issue] = []
    for error in exc.errors(include_url=False):
        loc = tuple(part for part in error["loc"] if part != "[key]")
        kind = error["type"]
        message = str(error["msg"]).removeprefix("Value error, ")
        hint = ""
        if kind == "extra_forbidden":
            key = str(loc[-1]) if loc else ""
            known = _known_keys(loc[:-1])
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            message = f'unknown key "{key}"'
            hint = (
                f'did you mean "{close[0]}"?'
                if close
                else ("known keys here: " + ", ".join(known) if known else "")
            )
        elif kind == "missing":
            message = "required key is missing"
            if loc[:1] == ("services",) and loc[-1] == "id":
                hint = 'give use = "<catalog id>", or id, name and the other keys of a service'
            elif loc[:1] == ("categories",):
                hint = "a new purpose needs a title and a description, such as { fr = …, en = … }"
        elif kind in (
            "string_type",
            "int_type",
            "bool_type",
            "list_type",
            "dict_type",
            "model_type",
            "date_type",
            "date_from_datetime_parsing",
            "date_parsing",
        ):
            message += f" (got {_describe(error.get('input'))})"
        issues.append(Issue(loc, message, hint))
    return issues


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _known_keys(loc: tuple[str | int, ...]) -> list[str]:
    model = _model_at(loc)
    return list(model.model_fields) if model else []


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    current: Any = Declaration
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if isinstance(part, str) and part in current.model_fields:
                current = current.model_fields[part].annotation
                continue
            return None
        origin = typing.get_origin(current)
        if origin in (list, tuple) and isinstance(part, int):
            current = typing.get_args(current)[0]
        elif origin is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation
