"""Following policies on the web: add a policy from its URL, check tracked ones for changes.

A check re-fetches the page, extracts the policy the same way as when it was
added, and stores a new version only when the text really changed: texts equal
after ``normalize.fold_noise`` (whitespace, bullets, quotes, dashes) are the same
policy. Every failure (network, HTTP, not a policy) is reported per policy and
changes nothing but the policy's "last check" record.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from policyviewer.core.config import DEFAULT_CONFIG, Config
from policyviewer.core.errors import LibraryError, NotFound, PolicyViewerError
from policyviewer.core.extract import Extracted, extract_policy
from policyviewer.core.fetch import FetchResult, check_url, fetch
from policyviewer.core.library import tracking
from policyviewer.core.library.models import AddResult, VersionInfo
from policyviewer.core.library.store import Library
from policyviewer.core.model import Comparison, Insight, Stats
from policyviewer.core.normalize import fold_noise

Fetcher = Callable[[str, Config], FetchResult]
_Downloaded = tuple[Extracted, FetchResult] | PolicyViewerError
# Downloads in flight at once during a check (different sites answer at their pace).
PARALLEL_DOWNLOADS = 4
# (done, total, policy name) before each policy is checked.
Progress = Callable[[int, int, str], None]
_HEADLINE_INSIGHTS = 2
_HEADLINE_SECTIONS = 3


@dataclass(frozen=True)
class CheckResult:
    """What checking one tracked policy found."""

    policy: str
    url: str
    status: str  # "unchanged", "changed" or "error"
    message: str  # one line: the headline of the change, or the error
    version: VersionInfo | None = None  # the version now latest (new one if changed)
    previous: VersionInfo | None = None  # the latest before the check
    stats: Stats | None = None
    insights: tuple[Insight, ...] = ()
    method: str | None = None  # how the text was extracted

    @property
    def failed(self) -> bool:
        return self.status == tracking.ERROR

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "url": self.url,
            "status": self.status,
            "message": self.message,
            "version": self.version.number if self.version else None,
            "previous_version": self.previous.number if self.previous else None,
            "stats": dict(vars(self.stats)) if self.stats else None,
            "insights": [i.to_dict() for i in self.insights],
            "extraction": self.method,
        }


def fetch_policy(
    url: str,
    selector: str | None = None,
    config: Config = DEFAULT_CONFIG,
    fetcher: Fetcher = fetch,
) -> tuple[Extracted, FetchResult]:
    """Download ``url`` and extract its policy text (raises ``PolicyViewerError`` subclasses)."""
    result = fetcher(check_url(url), config)
    found = extract_policy(
        result.data,
        result.final_url or url,
        content_type=result.content_type,
        charset=result.charset,
        selector=selector,
        config=config,
    )
    return found, result


def default_policy_name(extracted: Extracted, url: str) -> str:
    """``"<page title> (<host>)"``: a bare title would merge different sites' policies."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or url).removeprefix("www.")
    title = " ".join((extracted.doc.title or "").split())
    if title and len(title) <= 100:
        return f"{title} ({host})"
    path = parts.path.strip("/")
    return f"{host}/{path}" if path else host


def add_from_url(
    lib: Library,
    url: str,
    *,
    policy: str | None = None,
    selector: str | None = None,
    date: str | None = None,
    config: Config = DEFAULT_CONFIG,
    fetcher: Fetcher = fetch,
) -> tuple[AddResult, Extracted]:
    """Fetch ``url``, store its policy as a version (dated ``date``, else the fetch day)
    and track it."""
    lib.check_writable()
    url = check_url(url)
    found, result = fetch_policy(url, selector, config, fetcher)
    name = policy or default_policy_name(found, url)
    added = lib.add_version(name, found.doc, source=url, date=date or result.fetched_at[:10])
    tracking.track(lib, added.policy, url, selector)
    return added, found


def _headline(cmp: Comparison) -> str:
    s = cmp.stats
    parts = [f"+{s.words_added} / -{s.words_removed} words"]
    sections = [
        (s.sections_modified, "modified"),
        (s.sections_added, "added"),
        (s.sections_removed, "removed"),
        (s.sections_moved, "moved"),
    ]
    named = [f"{n} {what}" for n, what in sections if n]
    if named:
        where = [c.heading for c in cmp.sections if c.changed and c.heading]
        extra = len(where) - _HEADLINE_SECTIONS
        more = f" and {extra} more" if extra > 0 else ""
        parts.append(
            "sections: " + ", ".join(named)
            + (f" ({', '.join(where[:_HEADLINE_SECTIONS])}{more})" if where else "")
        )
    parts += [i.text for i in cmp.insights[:_HEADLINE_INSIGHTS]]
    return "; ".join(parts)


def _download(item: tracking.Tracked, config: Config, fetcher: Fetcher) -> _Downloaded:
    try:
        return fetch_policy(item.url, item.selector, config, fetcher)
    except PolicyViewerError as exc:
        return exc


def check_one(
    lib: Library,
    item: tracking.Tracked,
    config: Config = DEFAULT_CONFIG,
    fetcher: Fetcher = fetch,
    downloaded: _Downloaded | None = None,
) -> CheckResult:
    """Re-fetch one tracked policy (unless ``downloaded`` already holds the page or the
    error); store a version if its text really changed."""
    from policyviewer.core.compare import compare_texts

    base = {"policy": item.policy_name, "url": item.url}
    previous: VersionInfo | None = None
    try:
        try:
            previous = lib.version(item.policy_id)
        except NotFound:
            previous = None
        if downloaded is None:
            downloaded = _download(item, config, fetcher)
        if isinstance(downloaded, PolicyViewerError):
            raise downloaded
        found, result = downloaded
        new = found.doc
        if previous is not None:
            old = lib.document(previous)
            if fold_noise(old.text) == fold_noise(new.text):
                message = f"same text as version {previous.number} ({previous.date})"
                tracking.record_check(lib, item.policy_id, tracking.UNCHANGED, message)
                return CheckResult(
                    **base, status=tracking.UNCHANGED, message=message,
                    version=previous, previous=previous, method=found.method,
                )
            cmp = compare_texts(
                old.text, new.text, old_headings=old.headings, new_headings=new.headings,
                old_source=previous.label, new_source=item.url, config=config,
            )
            headline, stats, insights = _headline(cmp), cmp.stats, cmp.insights
        else:
            headline, stats, insights = "first version", None, ()
        added = lib.add_version(
            item.policy_name, new, source=item.url, date=result.fetched_at[:10]
        )
        version = added.version
        if not added.created:  # the page went back to an older version's text
            headline = f"back to the text of version {version.number}; {headline}"
        message = f"changed: version {version.number} ({version.date}): {headline}"
        tracking.record_check(lib, item.policy_id, tracking.CHANGED, headline)
        return CheckResult(
            **base, status=tracking.CHANGED, message=message, version=version,
            previous=previous, stats=stats, insights=insights, method=found.method,
        )
    except LibraryError:
        raise  # the library itself failed: the next policy would too
    except PolicyViewerError as exc:
        message = str(exc)
        tracking.record_check(lib, item.policy_id, tracking.ERROR, message)
        return CheckResult(**base, status=tracking.ERROR, message=message, previous=previous)


def check_policies(
    lib: Library,
    names: Sequence[str] = (),
    config: Config = DEFAULT_CONFIG,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    fetcher: Fetcher = fetch,
) -> list[CheckResult]:
    """Check the named tracked policies (all tracked ones if ``names`` is empty)."""
    lib.check_writable()
    if names:
        items = []
        for name in names:
            item = tracking.get_tracked(lib, name)
            if item is None:
                info = lib.get_policy(name)
                raise NotFound(
                    f"policy {info.name!r} is not tracked on the web",
                    hint=f"add its address with `policyviewer add URL --policy {info.name!r}`",
                )
            items.append(item)
    else:
        items = tracking.tracked_policies(lib)
    results: list[CheckResult] = []
    # Pages download a few at a time; each is compared and stored in order, here.
    pool = ThreadPoolExecutor(max_workers=max(1, min(PARALLEL_DOWNLOADS, len(items))))
    try:
        pending = [pool.submit(_download, item, config, fetcher) for item in items]
        for done, (item, future) in enumerate(zip(items, pending, strict=True)):
            if cancelled is not None and cancelled():
                break
            if progress is not None:
                progress(done, len(items), item.policy_name)
            results.append(check_one(lib, item, config, fetcher, future.result()))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    if progress is not None:
        progress(len(results), len(items), "")
    return results
