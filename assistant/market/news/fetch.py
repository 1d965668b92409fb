"""A feed's bytes: HTTP(S) with conditional GET, or a local file, within time and size limits.

HTTP requests send ``If-None-Match`` / ``If-Modified-Since`` from the last answer so an unchanged
feed costs a 304 and no parsing. Every request has a timeout, and a body larger than the limit is
refused as soon as it passes the limit (a runaway or hostile feed must not fill memory). Local
paths and ``file://`` URLs work too, so feeds can be tested and used offline; a local file ending
in ``.gz`` is decompressed (the shipped snapshot is), within the same size limit. This module
returns bytes and validators only; it never parses, and it never follows a non-HTTP redirect.
"""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from assistant.domain import DataError, UserInputError

#: Seconds to wait for a feed server before giving up on that feed.
DEFAULT_TIMEOUT = 10.0
#: The largest feed body we read; real feeds are 20-200 kB.
DEFAULT_MAX_BYTES = 5_000_000
USER_AGENT = "CoinPilot/0.1 (+https://github.com/coinpilot; RSS reader)"


class FeedUnavailableError(DataError):
    """The feed's server could not be reached, timed out or is overloaded; later may work."""

    kind = "feed_unavailable"


@dataclass(frozen=True)
class FeedResponse:
    source: str
    body: bytes | None  # None when the server answered 304 Not Modified
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.body is None


def _too_big(source: str, limit: int) -> DataError:
    return DataError(
        f"the feed {source} is larger than {limit:,} bytes; it was not read.",
        hint="Check the URL points at an RSS/Atom feed, or raise the size limit.",
    )


def _read_limited(stream: object, source: str, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(65536)  # type: ignore[attr-defined]
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise _too_big(source, limit)
        chunks.append(chunk)


def _gunzip(path: Path, source: str, limit: int) -> bytes:
    """The file's decompressed bytes; a body past ``limit`` is refused (a gzip bomb stops early)."""
    try:
        with gzip.open(path, "rb") as stream:
            return _read_limited(stream, source, limit)
    except (OSError, EOFError) as exc:
        raise DataError(
            f"the feed file {path} is not readable gzip ({exc}).",
            hint="Replace the file, or point at the uncompressed .xml.",
        ) from None


def _local_path(source: str) -> Path | None:
    parsed = urlparse(source)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.scheme in ("http", "https"):
        return None
    if parsed.scheme and len(parsed.scheme) > 1:
        raise UserInputError(
            f"'{source}' is neither an http(s) URL nor a local file.",
            hint="Give a feed URL such as https://decrypt.co/feed, or a path to an .xml file.",
        )
    return Path(source).expanduser()


def fetch_feed(
    source: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FeedResponse:
    """The feed's body (or a 304), with the validators to send next time."""
    path = _local_path(source)
    if path is not None:
        if not path.is_file():
            raise UserInputError(f"the feed file {path} does not exist.")
        if path.stat().st_size > max_bytes:
            raise _too_big(source, max_bytes)
        if path.suffix.lower() == ".gz":
            return FeedResponse(source, _gunzip(path, source, max_bytes))
        return FeedResponse(source, path.read_bytes())
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(source, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise _too_big(source, max_bytes)
            body = _read_limited(response, source, max_bytes)
            return FeedResponse(
                source,
                body,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return FeedResponse(source, None, etag=etag, last_modified=last_modified)
        if exc.code in (408, 429) or exc.code >= 500:
            raise FeedUnavailableError(f"the feed {source} answered HTTP {exc.code}.") from None
        raise DataError(
            f"the feed {source} answered HTTP {exc.code} ({exc.reason}).",
            hint="Check the feed URL in your settings.",
        ) from None
    except TimeoutError:
        raise FeedUnavailableError(
            f"the feed {source} did not answer within {timeout:g} s.",
            hint="It is skipped this time; the other feeds are read as usual.",
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FeedUnavailableError(
                f"the feed {source} did not answer within {timeout:g} s.",
                hint="It is skipped this time; the other feeds are read as usual.",
            ) from None
        raise FeedUnavailableError(
            f"cannot reach the feed {source} ({exc.reason}).",
            hint="Check your connection and the URL.",
        ) from None
