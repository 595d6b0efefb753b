"""fetch.py and extract.py against a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import dataclasses
import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from web_server import CHROME_WORDS, LocalSite, closed_port_url, default_sections, policy_page

from policyviewer.core.config import Config
from policyviewer.core.errors import FetchFailed, ImportFailed, PolicyViewerError
from policyviewer.core.extract import extract_policy
from policyviewer.core.fetch import check_url, fetch, is_url
from policyviewer.core.importers import load_bytes
from policyviewer.core.normalize import fold_noise
from policyviewer.core.tracker import fetch_policy

FAST = Config(http_timeout_s=0.5, http_max_bytes=100_000)


@pytest.fixture
def site():
    with LocalSite() as s:
        yield s


def headings(doc) -> list[str]:
    return [doc.text[h.start : h.end] for h in doc.headings]


def test_fetch_sends_the_configured_user_agent_and_returns_the_page(site) -> None:
    url = site.serve("/policy", policy_page())
    result = fetch(url, FAST)
    assert result.status == 200 and result.content_type == "text/html"
    assert result.charset == "utf-8" and b"Acme Privacy Policy" in result.data
    assert result.fetched_at[:4].isdigit() and result.final_url == url
    (path, headers), = site.requests
    assert path == "/policy" and headers["User-Agent"] == FAST.user_agent
    assert "Cookie" not in headers and "Authorization" not in headers


def test_extraction_drops_site_chrome_and_cookie_banner_and_keeps_headings(site) -> None:
    url = site.serve("/policy", policy_page())
    found, _ = fetch_policy(url, config=FAST)
    text = found.doc.text
    for chrome in CHROME_WORDS:
        assert chrome not in text
    assert "We never sell your personal data." in text
    assert headings(found.doc) == [
        "Acme Privacy Policy",
        "1. Information we collect",
        "2. How we use your information",
        "3. Sharing",
        "4. Retention",
    ]
    assert found.doc.source == url and found.doc.fmt == "html"


def test_extracted_text_matches_a_file_import_of_the_bare_policy(site) -> None:
    # The same policy with and without the site around it: the same text and headings.
    url = site.serve("/policy", policy_page())
    found, _ = fetch_policy(url, config=FAST)
    bare = load_bytes(policy_page(chrome=False).encode(), "policy.html")
    assert fold_noise(found.doc.text) == fold_noise(bare.text)
    assert headings(found.doc) == headings(bare)


def test_css_selector_takes_only_the_named_content(site) -> None:
    page = policy_page().replace("<article>", '<article id="legal">')
    url = site.serve("/policy", page)
    found, _ = fetch_policy(url, "#legal", FAST)
    assert found.method == "selector"
    assert found.doc.text.startswith("Acme Privacy Policy")
    assert "Accept all cookies" not in found.doc.text
    with pytest.raises(ImportFailed, match="matches nothing"):
        fetch_policy(url, "#no-such-id", FAST)
    with pytest.raises(PolicyViewerError, match="invalid CSS selector"):
        fetch_policy(url, "main >>> ???", FAST)


def test_http_errors_are_clear(site) -> None:
    site.serve("/gone", "<h1>Not here</h1>", status=404)
    site.serve("/broken", "<h1>Oops</h1>", status=500)
    with pytest.raises(FetchFailed, match="HTTP error 404") as err:
        fetch(site.url("/gone"), FAST)
    assert "/gone" in str(err.value)
    with pytest.raises(FetchFailed, match=r"HTTP error 500.*try again later"):
        fetch(site.url("/broken"), FAST)


def test_a_slow_server_times_out(site) -> None:
    site.slow_seconds = 2.0
    with pytest.raises(FetchFailed, match=r"no answer within 0.5 s \(Config.http_timeout_s\)"):
        fetch(site.url("/slow"), FAST)


def test_a_page_that_trickles_in_is_cut_at_the_total_timeout(site) -> None:
    # Each chunk arrives in time, but the whole download takes 4 s.
    with pytest.raises(FetchFailed, match=r"took longer than 0\.5 s"):
        fetch(site.url("/drip"), FAST)


def test_a_huge_response_is_refused_at_the_size_limit(site) -> None:
    with pytest.raises(FetchFailed, match=r"larger than the download limit of 100,000 bytes"):
        fetch(site.url("/huge"), FAST)
    big = "<p>privacy</p>" * 20_000  # declared by Content-Length: refused before reading
    site.serve("/declared", big)
    with pytest.raises(FetchFailed, match=r"Config\.http_max_bytes"):
        fetch(site.url("/declared"), FAST)


def test_redirects_are_followed_a_few_times_but_not_in_a_loop(site) -> None:
    site.serve("/policy", policy_page())
    assert fetch(site.url("/hop/1"), FAST).final_url == site.url("/policy")
    with pytest.raises(FetchFailed, match="too many redirects"):
        fetch(site.url("/loop"), FAST)
    assert site.paths_requested().count("/loop") <= 7


def test_only_http_and_https_are_fetched(site) -> None:
    with pytest.raises(FetchFailed, match="only http:// and https://"):
        fetch("file:///etc/passwd", FAST)
    with pytest.raises(FetchFailed, match="only http:// and https://"):
        fetch("ftp://127.0.0.1/policy", FAST)
    with pytest.raises(FetchFailed, match="redirected to a file: address"):
        fetch(site.url("/to-file"), FAST)
    assert is_url("HTTPS://example.org/privacy") and not is_url("privacy.html")
    with pytest.raises(FetchFailed, match="no host"):
        check_url("http:///privacy")


def test_a_server_that_is_down_is_reported() -> None:
    with pytest.raises(FetchFailed, match="connection refused"):
        fetch(closed_port_url(), FAST)


def test_a_page_that_is_not_a_policy_is_refused(site) -> None:
    site.serve("/short", "<html><body><h1>Welcome</h1><p>Sign in to continue.</p></body></html>")
    recipe = "<p>" + "Mix the flour with butter and sugar, then bake it for an hour. " * 20
    site.serve("/recipe", f"<html><body><h1>Cake</h1>{recipe}</p></body></html>")
    with pytest.raises(ImportFailed, match=r"only \d+ words"):
        fetch_policy(site.url("/short"), config=FAST)
    with pytest.raises(ImportFailed, match="none of the words policies use"):
        fetch_policy(site.url("/recipe"), config=FAST)


def test_plain_text_and_markdown_responses_are_imported_as_such(site) -> None:
    page = load_bytes(policy_page(chrome=False).encode(), "p.html").text
    url = site.serve("/policy.txt", page, content_type="text/plain")
    found, _ = fetch_policy(url, config=FAST)
    assert found.method == "file" and found.doc.fmt == "text"
    assert fold_noise(found.doc.text) == fold_noise(page)
    md = "# Acme Privacy Policy\n\n## Sharing\n\n" + "We never sell your personal data. " * 30
    url = site.serve("/privacy", md, content_type="text/markdown")
    found, _ = fetch_policy(url, config=FAST)
    assert found.doc.fmt == "markdown" and headings(found.doc) == ["Acme Privacy Policy", "Sharing"]


def test_extraction_falls_back_when_automatic_extraction_keeps_too_little() -> None:
    # A policy split into many small boxes, the kind boilerplate removal may drop.
    boxes = "".join(
        f'<div class="card"><h3>Topic {i}</h3><p>We process your personal data for purpose '
        f"number {i} and keep it for {i} months.</p></div>"
        for i in range(30)
    )
    html = f"<html><body><h1>Privacy</h1>{boxes}</body></html>".encode()
    found = extract_policy(html, "https://acme.test/privacy", content_type="text/html")
    assert "purpose number 29" in found.doc.text and "purpose number 0" in found.doc.text
    assert dataclasses.replace(found.doc, source=None).source is None


def test_chrome_in_plain_divs_is_cut_and_the_policy_between_is_kept_whole() -> None:
    links = "".join(f'<li><a href="/p{i}">Partner {i} notice</a></li>' for i in range(8))
    body = "".join(f"<h2>{h}</h2><p>{p}</p>" for h, p in default_sections().items())
    body = body.replace(
        "<h2>4. Retention", f"<h2>Partners</h2><p>Read their notices:</p><ul>{links}</ul>"
        "<h2>4. Retention"
    )
    page = (
        '<html><body><div class="top"><a href="/">Home</a> <a href="/p">Products</a> '
        '<a href="/c">Careers</a></div><div class="consent-box">We use cookies. '
        "<a>Accept all cookies</a></div><div class='content'><h1>Acme Privacy Policy</h1>"
        f"<p>Last updated: May 1, 2024</p>{body}</div><div class='bottom'><div>Follow us on "
        "Twitter</div><div>Latest blog posts</div></div></body></html>"
    )
    found = extract_policy(page.encode(), "https://acme.test/privacy", content_type="text/html")
    text = found.doc.text
    assert found.method == "trafilatura"
    assert not any(chrome in text for chrome in CHROME_WORDS)
    assert text.startswith("Acme Privacy Policy\n\nLast updated: May 1, 2024")
    assert text.endswith("unless the law requires us to keep it.")
    assert all(f"Partner {i} notice" in text for i in range(8))
    assert "Partners" in headings(found.doc) and found.doc.title == "Acme Privacy Policy"


_PARAGRAPHS = [
    "We collect your email address when you sign up.",
    "Home", "Careers", "Accept all cookies",
    "We never sell your personal data to anyone, for any reason at all.",
    "Retention: we keep logs for thirty days and then delete them for good.",
    "Follow us on Twitter", "© 2024 Acme Inc.",
    "You can ask for a copy of your data at any time by writing to privacy@acme.test.",
]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["p", "h2", "div", "li", "footer", "nav"]),
                  st.sampled_from(_PARAGRAPHS)),
        min_size=10, max_size=40,
    )
)
def test_automatic_extraction_is_always_a_whole_part_of_the_rendered_page(blocks) -> None:
    html = "<html><body>" + "".join(f"<{t}>{text}</{t}>" for t, text in blocks) + "</body></html>"
    try:
        found = extract_policy(html.encode(), "https://acme.test/p", content_type="text/html")
    except ImportFailed:
        return  # too short or no policy words: refused, which is fine
    page = load_bytes(html.encode(), "page.html").text
    text = found.doc.text
    assert text and text in page
    for mark in found.doc.headings:
        assert 0 <= mark.start < mark.end <= len(text)


def test_a_compressed_response_is_decoded_within_the_size_limit(site) -> None:
    page = policy_page().encode()
    url = site.serve("/gz", gzip.compress(page), headers={"Content-Encoding": "gzip"})
    assert fetch(url, FAST).data == page
    bomb = gzip.compress(b"<p>privacy</p>" * 100_000)  # 1.4 MB inflated, 5 KB on the wire
    url = site.serve("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchFailed, match="larger than the download limit"):
        fetch(url, FAST)
    url = site.serve("/br", b"xx", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchFailed, match=r"unsupported encoding \(br\)"):
        fetch(url, FAST)


def test_a_failing_boilerplate_remover_falls_back_to_the_whole_cleaned_page(monkeypatch) -> None:
    import trafilatura

    def broken(*args, **kwargs):
        raise ValueError("cannot parse")

    monkeypatch.setattr(trafilatura, "extract", broken)
    found = extract_policy(policy_page().encode(), "https://acme.test/p", content_type="text/html")
    assert found.method == "page" and "We never sell your personal data." in found.doc.text
