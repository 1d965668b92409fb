"""A feed's bytes: HTTP(S) with conditional GET, or a local file, within time and size limits.

HTTP requests send ``If-None-Match`` / ``If-Modified-Since`` from the last answer so an unchanged
feed costs a 304 and no parsing. The timeout bounds the *whole* download (a server trickling a
byte every few seconds is cut off, see :mod:`.download`), and a body larger than the limit is
refused as soon as it passes the limit (a runaway or hostile feed must not fill memory). Local
paths and ``file://`` URLs work too, read by the bounded file reader (no FIFOs or devices), so
feeds can be tested and used offline; a local file ending in ``.gz`` is decompressed (the shipped
snapshot is), within the same size limit. Every failure is a :class:`CoinPilotError`: a bad URL
or file is the person's to fix, a server that failed is :class:`FeedUnavailableError`. This module
returns bytes and validators only; it never parses, and it never follows a non-HTTP redirect.
"""

from __future__ import annotations

import gzip
import http.client
import io
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from assistant.domain import DataError, DataUnavailableError, UserInputError, read_file_bytes

from .download import download

#: Seconds a whole feed download may take before that feed is given up.
DEFAULT_TIMEOUT = 10.0
#: The largest feed body we read; real feeds are 20-200 kB.
DEFAULT_MAX_BYTES = 5_000_000
USER_AGENT = "CoinPilot/0.1 (+https://github.com/coinpilot; RSS reader)"


class FeedUnavailableError(DataUnavailableError):
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


def _gunzip(path: Path, data: bytes, source: str, limit: int) -> bytes:
    """The file's decompressed bytes; a body past ``limit`` is refused (a gzip bomb stops early)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            return _read_limited(stream, source, limit)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(
            f"the feed file {path} is not readable gzip ({exc}).",
            hint="Replace the file, or point at the uncompressed .xml.",
        ) from None


def _local_path(source: str) -> Path | None:
    try:
        parsed = urlparse(source)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        raise _bad_url(source) from None
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.scheme in ("http", "https"):
        return None
    if parsed.scheme and len(parsed.scheme) > 1:
        raise _bad_url(source)
    return Path(source).expanduser()


def _bad_url(source: str) -> UserInputError:
    return UserInputError(
        f"'{source}' is neither an http(s) URL nor a local file.",
        hint="Give a feed URL such as https://decrypt.co/feed, or a path to an .xml file.",
    )


def _late(source: str, timeout: float) -> FeedUnavailableError:
    return FeedUnavailableError(
        f"the feed {source} did not answer within {timeout:g} s (the whole download counts).",
        hint="It is skipped this time; the other feeds are read as usual.",
    )


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
        body = read_file_bytes(path, limit=max_bytes, what="the feed file")
        if path.suffix.lower() == ".gz":
            body = _gunzip(path, body, source, max_bytes)
        return FeedResponse(source, body)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        request = urllib.request.Request(source, headers=headers)
        body, answer = download(
            request, timeout=timeout, read=lambda r: _checked_body(r, source, max_bytes)
        )
        return FeedResponse(
            source, body, etag=answer.get("ETag"), last_modified=answer.get("Last-Modified")
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
        raise _late(source, timeout) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _late(source, timeout) from None
        raise FeedUnavailableError(
            f"cannot reach the feed {source} ({exc.reason}).",
            hint="Check your connection and the URL.",
        ) from None
    except (http.client.InvalidURL, ValueError):  # a port that is not a number, a bad IDNA name
        raise _bad_url(source) from None
    except (http.client.HTTPException, OSError) as exc:  # a broken answer, a reset connection
        raise FeedUnavailableError(
            f"the feed {source} sent a broken answer ({type(exc).__name__}).",
            hint="It is skipped this time; the other feeds are read as usual.",
        ) from None


def _checked_body(response: http.client.HTTPResponse, source: str, limit: int) -> bytes:
    declared = response.headers.get("Content-Length")
    size = int(declared) if declared and declared.isdigit() else None
    if size is not None and size > limit:
        raise _too_big(source, limit)
    body = _read_limited(response, source, limit)
    if size is not None and len(body) < size and response.status != 304:
        raise FeedUnavailableError(
            f"the feed {source} stopped after {len(body):,} of {size:,} bytes.",
            hint="It is skipped this time; the other feeds are read as usual.",
        )
    return body
