"""Hostile HTML in the real window: a policy page stuffed with remote images, scripts,
stylesheets, fonts, frames and tracking pixels, all pointing at a local HTTP server.

The page is imported through the window (the compute processes), shown in the
reader, compared with a second version in the diff view, and the summary is exported
as HTML and PDF. The server must receive no request at all, from any process.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from local_server import RecordingServer
from PySide6.QtWidgets import QApplication

from policyviewer.core.report.context import ReportContext
from policyviewer.ui import printing

SECTIONS = {
    "Information we collect": "We collect your name and email address when you register.",
    "How we use it": "We use your email address to send receipts and security notices.",
    "Retention": "We keep server logs for 30 days and then delete them.",
}


def hostile_page(base: str, retention_days: int) -> str:
    """A privacy policy page whose every resource would phone home to ``base``."""
    u = f"{base}/track"
    body = "".join(
        f"<h2 style=\"background:url('{u}/h2bg.png')\">{h}</h2>"
        f"<p>{p.replace('30 days', f'{retention_days} days')}"
        f"<img src='{u}/pixel-{i}.gif' width=1 height=1 alt=''></p>"
        for i, (h, p) in enumerate(SECTIONS.items())
    )
    return f"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url={u}/refresh">
<base href="{u}/base/">
<title>Example Privacy Policy</title>
<link rel="stylesheet" href="{u}/style.css">
<link rel="preload" href="{u}/preload.js" as="script">
<link rel="prefetch" href="{u}/prefetch">
<link rel="dns-prefetch" href="{u}/dns">
<link rel="preconnect" href="{u}/preconnect">
<link rel="icon" href="{u}/favicon.ico">
<style>@import url('{u}/import.css');
@font-face {{ font-family: Evil; src: url('{u}/font.woff2') format('woff2'); }}
body {{ font-family: Evil; background-image: url('{u}/bg.png'); }}</style>
<script src="{u}/script.js"></script>
<script>fetch('{u}/fetch'); new Image().src = '{u}/beacon';
document.write('<img src="{u}/written.png">');
navigator.sendBeacon && navigator.sendBeacon('{u}/sendbeacon');</script>
</head>
<body onload="fetch('{u}/onload')">
<h1>Example Privacy Policy</h1>
<p>Read our <a href="{u}/terms">terms of service</a> and our
<a href="javascript:fetch('{u}/js-link')">cookie notice</a>.</p>
<iframe src="{u}/frame.html" width="1" height="1"></iframe>
<object data="{u}/object.swf"></object><embed src="{u}/embed.swf"></embed>
<video poster="{u}/poster.jpg" src="{u}/video.mp4"></video>
<audio src="{u}/audio.mp3" autoplay></audio>
<picture><source srcset="{u}/source.webp 1x"><img src="{u}/picture.png"
  srcset="{u}/srcset-2x.png 2x"></picture>
<svg><image href="{u}/svg-image.png"/><use href="{u}/sprite.svg#i"/></svg>
<noscript><img src="{u}/noscript-pixel.gif"></noscript>
<form action="{u}/form"><input type="image" src="{u}/input.png"></form>
{body}
<img src="{u}/footer-pixel.gif?uid=123" style="display:none">
</body></html>"""


_FETCHING_ATTR = re.compile(r"""(?:src|href|action|data|poster|srcset)\s*=|url\s*\(""", re.I)


def test_hostile_page_is_imported_shown_compared_and_exported_without_a_request(
    make_window, qtbot, tmp_path: Path
) -> None:
    with RecordingServer() as server:
        v1 = tmp_path / "example" / "2024-01-01.html"
        v2 = tmp_path / "example" / "2024-06-01.html"
        v1.parent.mkdir()
        v1.write_text(hostile_page(server.base, 30), encoding="utf-8")
        v2.write_text(hostile_page(server.base, 90), encoding="utf-8")

        window = make_window()
        with qtbot.waitSignal(window.viewReady, timeout=60000):
            window.add_files([v1])  # imported in the compute process
        assert window.stack.currentWidget() is window.reader
        shown = window.reader.toPlainText()
        assert "We keep server logs for 30 days" in shown
        assert "Read our terms of service and our cookie notice." in shown
        # Nothing of the page's machinery reaches the text.
        for leak in ("fetch(", "sendBeacon", "@import", "font-face", server.base, "<"):
            assert leak not in shown, leak

        with qtbot.waitSignal(window.viewReady, timeout=60000):
            window.add_files([v2])  # the selected policy gets its second version
        assert window.stack.currentWidget() is window.diff
        cmp = window.view.comparison
        assert cmp is not None and cmp.stats.words_added >= 1
        assert "90" in window.diff.toPlainText()

        # Neither view holds a link that a click (or anything else) could follow out of the
        # window: the only anchors are the insights' jumps to their own section.
        from policyviewer.ui.diff_view import SECTION_LINK

        for view in (window.reader, window.diff):
            assert not view.openLinks() and not view.openExternalLinks()
            block = view.document().begin()
            while block.isValid():
                it = block.begin()
                while not it.atEnd():
                    fmt = it.fragment().charFormat()
                    if fmt.isAnchor():
                        href = fmt.anchorHref()
                        assert href.startswith(SECTION_LINK), (href, it.fragment().text())
                        assert href.removeprefix(SECTION_LINK).isdigit(), href
                    it += 1
                block = block.next()

        ctx = ReportContext(policy_name="example", old_label="v1", new_label="v2")
        html_out = printing.export_summary(window, cmp, ctx, tmp_path / "summary.html", "html")
        pdf_out = printing.export_summary(window, cmp, ctx, tmp_path / "summary.pdf", "pdf")
        assert html_out is not None and pdf_out is not None
        exported = html_out.read_text(encoding="utf-8")
        assert "90 days" in exported and server.base not in exported
        # The exported page itself loads nothing when opened in a browser.
        assert not _FETCHING_ATTR.search(exported), _FETCHING_ATTR.search(exported)
        assert pdf_out.read_bytes().startswith(b"%PDF-")

        # Give any stray fetch from any process time to arrive before judging.
        qtbot.wait(1500)
        QApplication.processEvents()
        assert server.requests == []


def test_the_server_would_notice_a_request() -> None:
    # The check above can fail: a real fetch of one of the page's URLs is recorded.
    import urllib.request

    with RecordingServer() as server:
        urllib.request.urlopen(f"{server.base}/track/pixel-0.gif", timeout=5).read()
        assert server.requests == ["GET /track/pixel-0.gif"]


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_report_of_a_hostile_page_carries_no_fetching_markup(fmt: str, tmp_path: Path) -> None:
    from policyviewer.core.compare import compare_documents
    from policyviewer.core.importers import load_bytes
    from policyviewer.core.report import render_report

    base = "http://127.0.0.1:9"
    old = load_bytes(hostile_page(base, 30).encode(), "v1.html")
    new = load_bytes(hostile_page(base, 90).encode(), "v2.html")
    report = render_report(compare_documents(old, new), fmt)
    assert "90" in report
    assert base not in report
    if fmt == "html":
        assert not _FETCHING_ATTR.search(report)


# Markup that hid the policy text from the importer (found by this suite): the page
# cleaner dropped <form> with everything inside it, and lxml read the void <embed>
# as a container, so the rest of the page went with it.


@pytest.mark.parametrize("wrapper", [
    pytest.param("<form id='form1' action='/Privacy.aspx' method='post'>{}</form>",
                 id="aspnet-form-wraps-page"),
    pytest.param("<embed src='http://127.0.0.1:9/v.swf'>{}", id="void-embed"),
    pytest.param("<p>Video: <embed src='http://127.0.0.1:9/v.swf'></p>{}", id="embed-in-p"),
    pytest.param("<div><iframe src='http://127.0.0.1:9/f'></iframe></div>{}", id="iframe"),
])
def test_embedding_markup_does_not_hide_the_policy(wrapper: str) -> None:
    from policyviewer.core.errors import ImportFailed
    from policyviewer.core.importers import load_bytes

    policy = ("<h1>Privacy Policy</h1><p>Intro.</p><h2>Retention</h2>"
              "<p>We keep server logs for 30 days.</p>")
    page = f"<html><body>{wrapper.format(policy)}</body></html>"
    try:
        doc = load_bytes(page.encode(), "policy.html")
    except ImportFailed as exc:
        pytest.fail(f"refused: {exc}")
    assert "We keep server logs for 30 days." in doc.text
