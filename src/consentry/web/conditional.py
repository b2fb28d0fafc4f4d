"""Conditional GET: whether a request's `If-None-Match` names the asset's current `ETag`."""

from __future__ import annotations


def not_modified(etag: str, if_none_match: str) -> bool:
    """True when the client's copy is current, so a 304 can answer.

    If-None-Match compares weakly (RFC 9110 §13.1.2): `W/"x"` matches `"x"`. A proxy that
    re-encodes a response may weaken its ETag, and the client then sends the weak form back.
    """
    given = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag.removeprefix("W/") in given or "*" in given
