"""HTTP(S) fetching: the ONLY module in PolicyViewer that opens network connections.

It is used only when the user asks for it (``policyviewer add URL``, ``check``, the
app's "Check for updates"). Every request has a clear User-Agent, a timeout over
the whole download, a size limit and a bounded number of redirects, all from
``Config``; only ``http`` and ``https`` URLs are followed. Failures raise
``FetchFailed`` with a one-line reason a user can act on.
"""

from __future__ import annotations

import email.message
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone

from policyviewer.core.config import DEFAULT_CONFIG, Config
from policyviewer.core.errors import FetchFailed

MAX_REDIRECTS = 5
_SCHEMES = ("http", "https")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchResult:
    """One successful download."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str  # media type only, lower case ("text/html"); "" if not sent
    charset: str | None
    data: bytes
    fetched_at: str  # ISO timestamp, UTC


def is_url(text: str) -> bool:
    """True for an ``http://`` or ``https://`` address (what ``add`` routes to fetching)."""
    return text.strip().lower().startswith(("http://", "https://"))


def check_url(url: str) -> str:
    """The URL, stripped, if it is an http(s) URL with a host; raise ``FetchFailed`` otherwise."""
    url = url.strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES:
        raise FetchFailed(
            f"cannot fetch {url!r}: only http:// and https:// addresses are supported"
        )
    if not parts.hostname:
        raise FetchFailed(f"cannot fetch {url!r}: the address has no host name")
    return url


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow at most ``MAX_REDIRECTS`` redirects, and only to http(s) addresses."""

    max_redirections = MAX_REDIRECTS
    max_repeats = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[override]
        target = headers.get("Location") or headers.get("URI")
        if target:
            newurl = urllib.parse.urljoin(req.full_url, target)
            scheme = urllib.parse.urlsplit(newurl).scheme.lower()
            if scheme not in _SCHEMES:
                fp.close()
                raise FetchFailed(
                    f"{req.full_url}: redirected to a {scheme}: address, which is not followed",
                    hint=f"the server sent {target!r}",
                )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener() -> urllib.request.OpenerDirector:
    # No cookie jar, no credentials: a fetch carries nothing about the user.
    return urllib.request.build_opener(_LimitedRedirects())


def fetch(url: str, config: Config = DEFAULT_CONFIG) -> FetchResult:
    """Download ``url``. Raises ``FetchFailed`` (refused, timeout, HTTP error, too large...)."""
    url = check_url(url)
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": config.user_agent,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "identity",
        },
    )
    timeout = config.http_timeout_s
    deadline = time.monotonic() + timeout
    fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        with _opener().open(request, timeout=timeout) as response:
            headers: email.message.Message = response.headers
            length = headers.get("Content-Length")
            if length and length.isdigit() and int(length) > config.http_max_bytes:
                raise _too_large(url, config)
            data = _read_limited(response, url, config, deadline)
            data = _decoded(data, headers.get("Content-Encoding", ""), url, config)
            return FetchResult(
                url=url,
                final_url=response.geturl(),
                status=response.status,
                content_type=headers.get_content_type() if headers.get("Content-Type") else "",
                charset=headers.get_content_charset(),
                data=data,
                fetched_at=fetched_at,
            )
    except FetchFailed:
        raise
    except urllib.error.HTTPError as exc:
        raise _http_error(url, exc) from None
    except urllib.error.URLError as exc:
        raise _network_error(url, exc.reason, timeout) from None
    except TimeoutError as exc:
        raise _network_error(url, exc, timeout) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise _network_error(url, exc, timeout) from None


def _read_limited(response, url: str, config: Config, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchFailed(
                f"{url}: the download took longer than {config.http_timeout_s:g} s "
                "(Config.http_timeout_s); nothing was stored",
                hint="the site may be slow or down; try again later",
            )
        chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > config.http_max_bytes:
            raise _too_large(url, config)
        chunks.append(chunk)


def _decoded(data: bytes, encoding: str, url: str, config: Config) -> bytes:
    """Undo a compression the server applied although we asked for none (bounded: no bombs)."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return data
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchFailed(f"{url}: the server sent an unsupported encoding ({encoding})")
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(data, config.http_max_bytes + 1)
    except zlib.error as exc:
        raise FetchFailed(f"{url}: the compressed page is damaged ({exc})") from None
    if len(out) > config.http_max_bytes or inflater.unconsumed_tail:
        raise _too_large(url, config)
    return out


def _too_large(url: str, config: Config) -> FetchFailed:
    return FetchFailed(
        f"{url}: the page is larger than the download limit of "
        f"{config.http_max_bytes:,} bytes (Config.http_max_bytes); nothing was stored"
    )


def _http_error(url: str, exc: urllib.error.HTTPError) -> FetchFailed:
    if exc.code in (301, 302, 303, 307, 308):
        return FetchFailed(
            f"{url}: too many redirects (more than {MAX_REDIRECTS}, or a redirect loop)",
            hint="open the address in a browser to see where it leads",
        )
    reason = exc.reason or http.client.responses.get(exc.code, "")
    hint = None
    if exc.code == 404:
        hint = "the page may have moved; check the address"
    elif exc.code in (401, 403):
        hint = "the site refuses automated readers or needs a login"
    elif exc.code == 429:
        hint = "the site limits requests; try again later"
    elif exc.code >= 500:
        hint = "the site has a problem; try again later"
    return FetchFailed(f"{url}: HTTP error {exc.code} {reason}".rstrip(), hint=hint)


def _network_error(url: str, reason: object, timeout: float) -> FetchFailed:
    if isinstance(reason, TimeoutError):
        return FetchFailed(
            f"{url}: no answer within {timeout:g} s (Config.http_timeout_s)",
            hint="the site may be slow or down; try again later",
        )
    if isinstance(reason, ConnectionRefusedError):
        return FetchFailed(
            f"{url}: connection refused", hint="the server is down or the address is wrong"
        )
    if isinstance(reason, socket.gaierror):
        return FetchFailed(
            f"{url}: host name not found",
            hint="check the address and your internet connection",
        )
    if isinstance(reason, ssl.SSLError):
        return FetchFailed(f"{url}: secure connection failed ({reason})")
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return FetchFailed(f"{url}: network error ({text})")
