"""Importers, used the way the app and CLI use them: a file in, a Document out."""

from __future__ import annotations

import re
import unicodedata
from html import escape as html_escape
from pathlib import Path

import pytest
from conftest import CORPUS_DIR, SEED_FILES, requires_corpus
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from policyviewer.core.config import Config
from policyviewer.core.errors import ImportFailed, InputTooLarge
from policyviewer.core.importers import detect_format, load_bytes, load_file
from policyviewer.core.model import Document
from policyviewer.core.normalize import normalize_import, word_count
from policyviewer.core.outline import parse_outline

CORPUS_MD = sorted(CORPUS_DIR.glob("*/*.md")) if CORPUS_DIR.is_dir() else []


def assert_marks_exact(doc: Document) -> None:
    """Every heading mark covers a whole, non-blank line of the text, in order."""
    last = -1
    for m in doc.headings:
        assert 0 <= m.start < m.end <= len(doc.text)
        assert m.start >= last
        last = m.end
        heading = doc.text[m.start:m.end]
        assert heading and heading.strip() == heading
        assert 1 <= m.level <= 6
        line_start = doc.text.rfind("\n", 0, m.start) + 1
        line_end = doc.text.find("\n", m.end)
        line_end = len(doc.text) if line_end < 0 else line_end
        # The mark is the line's text (the line may only add indentation).
        assert doc.text[line_start:line_end].strip() == heading


def heading_texts(doc: Document) -> list[tuple[str, int]]:
    return [(doc.text[m.start:m.end], m.level) for m in doc.headings]


# --- plain text ------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_seed_loads_as_text_with_lines_kept(seed: Path) -> None:
    doc = load_file(seed)
    original = seed.read_text(encoding="utf-8")
    assert doc.fmt == "text"
    assert doc.headings == ()
    assert doc.source == str(seed)
    assert doc.title is None
    assert doc.text == normalize_import(original)
    # Same lines, in the same order: nothing re-wrapped or dropped.
    assert [ln.rstrip() for ln in original.strip("\n").splitlines()] == doc.text.split("\n")


def test_text_keeps_lines_exactly(tmp_path: Path) -> None:
    body = "Privacy Policy\n\n1. Data\nWe collect data.\n  - emails\n\n2. Rights\nYou may ask."
    f = tmp_path / "p.txt"
    f.write_text(body, encoding="utf-8")
    doc = load_file(f)
    assert doc.text == body
    assert doc.fmt == "text"


# --- Markdown --------------------------------------------------------------------


def test_markdown_becomes_plain_text_with_marked_headings(tmp_path: Path) -> None:
    md = (
        "# Privacy Policy\n\n_Last updated: May 1, 2024_\n\n"
        "We **care** about [your data](https://example.com).\n\n"
        "## 1. What we collect\n\n- Your *name*\n- Your email\n\n"
        "| Cookie | Purpose |\n|---|---|\n| _ga | Analytics |\n| sid | Session |\n\n"
        "### 1.1 Cookies\n\nSee `cookies`.\n"
    )
    f = tmp_path / "policy.md"
    f.write_text(md, encoding="utf-8")
    doc = load_file(f)
    assert doc.fmt == "markdown"
    assert doc.title == "Privacy Policy"
    for syntax in ("**", "](", "# ", "|---", "`", "_Last"):
        assert syntax not in doc.text
    assert "We care about your data." in doc.text
    assert heading_texts(doc) == [
        ("Privacy Policy", 1),
        ("1. What we collect", 2),
        ("1.1 Cookies", 3),
    ]
    assert_marks_exact(doc)
    lines = doc.text.split("\n")
    bullets = [ln for ln in lines if "Your name" in ln or "Your email" in ln]
    assert len(bullets) == 2 and all(ln.lstrip().startswith("*") for ln in bullets)
    row = next(ln for ln in lines if "_ga" in ln)
    assert "Analytics" in row
    assert "Session" not in row
    # Paragraphs are separated by a blank line.
    assert "Last updated: May 1, 2024\n\nWe care" in doc.text


def test_markdown_in_txt_detected_by_atx_headings(tmp_path: Path) -> None:
    f = tmp_path / "policy.txt"
    f.write_text("# Policy\n\nIntro.\n\n## Data\n\nWe collect.\n\n## Rights\n\nAsk us.\n")
    doc = load_file(f)
    assert doc.fmt == "markdown"
    assert heading_texts(doc) == [("Policy", 1), ("Data", 2), ("Rights", 2)]


_ATX_LINE = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)


def _letters(s: str) -> str:
    s = re.sub(r"\]\([^)]*\)", "", s)  # drop link targets
    return re.sub(r"\W|_", "", s).lower()


@requires_corpus
@pytest.mark.parametrize("md", CORPUS_MD, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_markdown_loads_with_exact_heading_marks(md: Path) -> None:
    source = md.read_text(encoding="utf-8")
    doc = load_file(md)
    assert doc.fmt == "markdown"
    assert len(doc.text) > 1000
    assert_marks_exact(doc)
    atx = [_letters(h) for h in _ATX_LINE.findall(source)]
    marked = {_letters(doc.text[m.start:m.end]) for m in doc.headings}
    if atx:
        assert doc.headings
    # Every top-level "# Heading" line of the source is a marked heading of the text.
    assert [h for h in atx if h and h not in marked] == []


# --- errors ------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(ImportFailed, match="no such file") as err:
        load_file(missing)
    assert str(missing) in str(err.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="directory"):
        load_file(tmp_path)


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\t\r\n  \n")
    with pytest.raises(ImportFailed, match="empty"):
        load_file(empty)
    with pytest.raises(ImportFailed, match="only whitespace"):
        load_file(blank)


def test_file_over_size_limit_names_limit_and_size(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text("word " * 1000)
    with pytest.raises(InputTooLarge, match=r"4\.9 KB.*1\.0 KB.*max_file_bytes"):
        load_file(f, Config(max_file_bytes=1024))


def test_text_over_char_limit() -> None:
    with pytest.raises(InputTooLarge, match="max_text_chars"):
        load_bytes(b"policy text " * 100, "p.txt", Config(max_text_chars=500))


def test_detect_format_basics() -> None:
    assert detect_format(b"%PDF-1.7\n...", "x.txt") == "pdf"
    assert detect_format(b"<!DOCTYPE html><html><body>x</body></html>", "x.txt") == "html"
    assert detect_format(b"# A\n\ntext\n\n## B\n", "x.txt") == "markdown"
    assert detect_format(b"Privacy Policy\n\n1. Data\n", "x.txt") == "text"
    assert detect_format(b"Just text", "x.md") == "markdown"


# --- encodings ---------------------------------------------------------------------

FRENCH = "Politique de confidentialité\n\nDonnées traitées : nom, prénom, âge.\nÇa, c'est sûr."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(FRENCH.encode("latin-1"), FRENCH, id="latin-1"),
        pytest.param(
            "“Personal data” – what we collect… it’s yours €5".encode("cp1252"),
            "“Personal data” – what we collect… it’s yours €5",
            id="cp1252-curly-quotes",
        ),
        pytest.param(b"\xef\xbb\xbf" + FRENCH.encode("utf-8"), FRENCH, id="utf-8-bom"),
        pytest.param(FRENCH.encode("utf-8"), FRENCH, id="utf-8"),
        pytest.param(b"\xff\xfe" + FRENCH.encode("utf-16-le"), FRENCH, id="utf-16-le-bom"),
        pytest.param(b"\xfe\xff" + FRENCH.encode("utf-16-be"), FRENCH, id="utf-16-be-bom"),
        pytest.param(FRENCH.encode("utf-16-le"), FRENCH, id="utf-16-le-no-bom"),
        pytest.param(FRENCH.encode("utf-16-be"), FRENCH, id="utf-16-be-no-bom"),
        pytest.param(
            "Privacy\u00a0Policy 🔒 — naïve café\r\nLine two\r\n".encode("utf-16"),
            "Privacy\u00a0Policy 🔒 — naïve café\nLine two",
            id="utf-16-emoji-nbsp-crlf",
        ),
    ],
)
def test_text_encodings_decode(tmp_path: Path, data: bytes, expected: str) -> None:
    f = tmp_path / "policy.txt"
    f.write_bytes(data)
    doc = load_file(f)
    assert doc.fmt == "text"
    assert doc.text == expected


def test_emoji_and_nbsp_survive_utf8() -> None:
    doc = load_bytes("Privacy\u00a0Policy 🍪 cookies\n".encode(), "p.txt")
    assert doc.text == "Privacy\u00a0Policy 🍪 cookies"


def test_utf16_html_file(tmp_path: Path) -> None:
    html = "<!DOCTYPE html><html><body><h1>Política</h1><p>Añadir datos</p></body></html>"
    f = tmp_path / "p.htm"
    f.write_bytes(html.encode("utf-16"))
    doc = load_file(f)
    assert doc.fmt == "html"
    assert doc.text == "Política\n\nAñadir datos"
    assert doc.title == "Política"


def test_html_meta_charset_is_honoured() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>it’s “ours”</p></body></html>'
    doc = load_bytes(html.encode("cp1252"), "p.html")
    assert doc.text == "it’s “ours”"


# --- bad input -----------------------------------------------------------------------

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("logo.png", PNG_BYTES, "PNG image"),
        ("policy.txt", PNG_BYTES, "PNG image"),  # the content decides, not the name
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)), "JPEG image"),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(40), "GIF image"),
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(100), "Windows executable"),
        ("tool", b"\x7fELF\x02\x01\x01" + bytes(100), "executable"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "legacy Office"),
    ],
)
def test_binary_files_are_named(tmp_path: Path, name: str, data: bytes, kind: str) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(ImportFailed, match=kind) as err:
        load_file(f)
    assert str(f) in str(err.value)
    assert "\n" not in str(err.value)


def test_zip_that_is_not_docx(tmp_path: Path) -> None:
    import zipfile

    f = tmp_path / "bundle.zip"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(ImportFailed, match="ZIP archive"):
        load_file(f)


def test_random_bytes_are_rejected(tmp_path: Path) -> None:
    import random

    rng = random.Random(1234)
    f = tmp_path / "noise.txt"
    f.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    with pytest.raises(ImportFailed, match="binary"):
        load_file(f)


def test_control_garbage_without_nul_is_rejected() -> None:
    data = bytes(range(1, 32)) * 50 + b"some text"
    with pytest.raises(ImportFailed, match="binary"):
        load_bytes(data, "x.txt")


def test_utf16_whitespace_only_is_empty() -> None:
    with pytest.raises(ImportFailed, match="only whitespace"):
        load_bytes(" \n \n".encode("utf-16"), "blank.txt")


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("permissions are not enforced for this user")
    f = tmp_path / "secret.txt"
    f.write_text("text")
    f.chmod(0)
    with pytest.raises(ImportFailed, match="permission denied"):
        load_file(f)


def test_html_with_only_scripts_has_no_text() -> None:
    html = b"<html><head><script>alert(1)</script></head><body><nav>Menu</nav></body></html>"
    with pytest.raises(ImportFailed, match="no readable text"):
        load_bytes(html, "x.html")


def test_cyrillic_legacy_code_page_is_not_read_as_latin() -> None:
    text = "Политика конфиденциальности. Мы собираем ваши данные, чтобы улучшить сервис."
    assert load_bytes(text.encode("cp1251"), "ru.txt").text == text


# --- HTML ----------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>TITLE-SECRET</title>
<style>body { color: red } .x::before { content: "STYLE-SECRET" }</style>
<script>var s = "SCRIPT-SECRET"; document.write("<h2>FAKE</h2>");</script>
</head>
<body>
<div id="onetrust-banner-sdk" class="otFlat"><p>COOKIE-SECRET We use cookies.</p>
<button>Accept all</button></div>
<div class="cookie-consent-popup">CONSENT-SECRET Manage preferences</div>
<header class="site-header"><a href="/">HEADER-SECRET Home</a></header>
<nav><ul><li><a href="/a">NAV-SECRET About</a></li></ul></nav>
<div role="navigation">ROLE-NAV-SECRET</div>
<div role="banner">ROLE-BANNER-SECRET</div>
<main>
<article>
<header><h1>Privacy  Policy</h1><p>Last updated: <time>May 1, 2024</time></p></header>
<p>We respect&nbsp;your privacy. \U0001F600</p>
<h2 id="s1">1. What we <em>collect</em></h2>
<ul><li>Your name</li><li>Your email</li></ul>
<div hidden>HIDDEN-SECRET</div><span style="display: none">STYLE-HIDDEN-SECRET</span>
<span aria-hidden="true">ARIA-SECRET</span>
<h2>2. Sharing</h2>
<table><tr><th>Partner</th><th>Purpose</th></tr><tr><td>Acme</td><td>Payments</td></tr></table>
<noscript>NOSCRIPT-SECRET</noscript>
<template><p>TEMPLATE-SECRET</p></template>
<form><label>FORM-SECRET</label><input value="x"></form>
<h3></h3>
<h3>2.1 Transfers</h3><p>Outside the EEA.<!-- COMMENT-SECRET --></p>
</article>
</main>
<aside>ASIDE-SECRET</aside>
<footer>FOOTER-SECRET \u00a9 2024</footer>
<div role="contentinfo">CONTENTINFO-SECRET</div>
<iframe src="https://evil.example/">IFRAME-SECRET</iframe>
<svg><text>SVG-SECRET</text></svg>
<object data="x.swf">OBJECT-SECRET</object>
</body></html>"""


def test_html_page_keeps_only_the_policy(tmp_path: Path) -> None:
    f = tmp_path / "privacy.html"
    f.write_text(PAGE, encoding="utf-8")
    doc = load_file(f)
    assert doc.fmt == "html"
    assert "SECRET" not in doc.text, doc.text
    assert "FAKE" not in doc.text and "Accept all" not in doc.text
    assert "<" not in doc.text and "&nbsp;" not in doc.text
    assert doc.title == "Privacy Policy"
    assert heading_texts(doc) == [
        ("Privacy Policy", 1),
        ("1. What we collect", 2),
        ("2. Sharing", 2),
        ("2.1 Transfers", 3),
    ]
    assert_marks_exact(doc)
    assert "We respect\u00a0your privacy. \U0001F600" in doc.text
    assert "Last updated: May 1, 2024" in doc.text
    lines = doc.text.split("\n")
    assert [ln.strip() for ln in lines if "Your" in ln] == ["* Your name", "* Your email"]
    row = next(ln for ln in lines if "Acme" in ln)
    assert "Payments" in row


def test_html_in_txt_file_is_detected(tmp_path: Path) -> None:
    f = tmp_path / "saved-page.txt"
    f.write_text("<html><body><h1>Policy</h1><p>Hello <b>there</b>.</p></body></html>")
    doc = load_file(f)
    assert doc.fmt == "html"
    assert doc.text == "Policy\n\nHello there."
    assert heading_texts(doc) == [("Policy", 1)]


def test_malformed_html_still_imports() -> None:
    html = b"<html><body><h2>Data<p>We <b>collect <i>things</b> here.<h2>Rights</h3><p>Ask<div>"
    doc = load_bytes(html, "broken.html")
    assert [t for t, _ in heading_texts(doc)] == ["Data", "Rights"]
    assert "We collect things here." in doc.text
    assert "Ask" in doc.text


def test_large_cookie_policy_container_is_not_mistaken_for_a_banner() -> None:
    body = "".join(f"<p>Cookie paragraph {i} explains what the cookie does.</p>" for i in range(80))
    html = f'<html><body><div class="cookie-notice-content"><h1>Cookie Policy</h1>{body}</div>'
    doc = load_bytes(html.encode(), "cookies.html")
    assert doc.title == "Cookie Policy"
    assert "Cookie paragraph 79" in doc.text


def test_main_is_preferred_over_surrounding_boilerplate() -> None:
    promo = "<div class='promo'>" + "PROMO-SECRET buy now. " * 3 + "</div>"
    main = "<main><h1>Privacy</h1>" + "<p>Policy sentence number one is here.</p>" * 20 + "</main>"
    doc = load_bytes(f"<html><body>{promo}{main}</body></html>".encode(), "p.html")
    assert "PROMO-SECRET" not in doc.text
    assert doc.text.startswith("Privacy\n\nPolicy sentence")


def test_title_above_main_is_kept() -> None:
    html = (
        "<html><body><header><div>Logo</div><h1>Acme Privacy Notice</h1></header>"
        "<main><h2>Intro</h2>" + "<p>Body text of the notice.</p>" * 10 + "</main></body></html>"
    )
    doc = load_bytes(html.encode(), "p.html")
    assert doc.title == "Acme Privacy Notice"
    assert heading_texts(doc)[:2] == [("Acme Privacy Notice", 1), ("Intro", 2)]
    assert "Logo" not in doc.text


# --- DOCX ----------------------------------------------------------------------------


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_heading("Privacy Policy", 0)  # Word's "Title" style
    d.add_paragraph("Last updated: March 3, 2024")
    d.add_heading("1. Data we collect", 2)
    d.add_paragraph("We collect what you give us.")
    d.add_paragraph("Your name", style="List Bullet")
    d.add_paragraph("Your email", style="List Bullet")
    d.add_heading("1.1 Cookies", 3)
    table = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("Cookie", "Purpose"), ("_ga", "Analytics"), ("sid", "Session")]):
        table.cell(r, 0).text = a
        table.cell(r, 1).text = b
    d.add_paragraph("Contact: privacy@example.com\u00a0today.")
    d.save(path)
    return path


def test_docx_headings_lists_and_table(tmp_path: Path) -> None:
    doc = load_file(make_docx(tmp_path / "policy.docx"))
    assert doc.fmt == "docx"
    assert doc.title == "Privacy Policy"
    assert heading_texts(doc) == [
        ("Privacy Policy", 1),
        ("1. Data we collect", 2),
        ("1.1 Cookies", 3),
    ]
    assert_marks_exact(doc)
    lines = doc.text.split("\n")
    assert [ln.strip() for ln in lines if ln.strip().startswith("*")] == [
        "* Your name",
        "* Your email",
    ]
    rows = [ln.split() for ln in lines if ln.startswith(("Cookie", "_ga", "sid"))]
    assert rows == [["Cookie", "Purpose"], ["_ga", "Analytics"], ["sid", "Session"]]
    assert "Last updated: March 3, 2024\n\n1. Data we collect" in doc.text
    assert "privacy@example.com\u00a0today." in doc.text


def test_docx_detected_by_content_whatever_the_name(tmp_path: Path) -> None:
    docx_path = make_docx(tmp_path / "policy.docx")
    data = docx_path.read_bytes()
    assert detect_format(data, "download.bin") == "docx"
    assert load_bytes(data, "download").fmt == "docx"


def test_corrupt_docx_zip_with_garbage(tmp_path: Path) -> None:
    import zipfile

    f = tmp_path / "broken.docx"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\x00\x01garbage<<<not xml")
    with pytest.raises(ImportFailed, match="corrupt DOCX") as err:
        load_file(f)
    assert str(f) in str(err.value)


def test_truncated_docx(tmp_path: Path) -> None:
    data = make_docx(tmp_path / "ok.docx").read_bytes()
    f = tmp_path / "cut.docx"
    f.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFailed, match="DOCX"):
        load_file(f)


def test_docx_name_on_garbage(tmp_path: Path) -> None:
    f = tmp_path / "fake.docx"
    f.write_bytes(b"this is not a word file at all")
    with pytest.raises(ImportFailed, match="DOCX"):
        load_file(f)


# --- PDF -----------------------------------------------------------------------------


def write_text_pdf(path: Path, html: str) -> Path:
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
    del writer  # flushes the file
    return path


def write_image_only_pdf(path: Path) -> Path:
    from PySide6.QtGui import QColor, QImage, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("gray"))
    painter = QPainter(writer)
    painter.fillRect(100, 100, 2000, 1000, QColor("black"))
    painter.drawImage(100, 1500, image)
    painter.end()
    del painter, writer  # painter first: it must not outlive its device
    return path


POLICY_HTML = (
    "<h1>Privacy Policy</h1><p>Effective date: June 1, 2024</p>"
    + "<p>We collect data about you, including your efficient office address.</p>" * 60
    + "<h2>Your rights</h2><p>You may ask us to delete your data.</p>"
)


def test_text_pdf(qapp, tmp_path: Path) -> None:
    doc = load_file(write_text_pdf(tmp_path / "policy.pdf", POLICY_HTML))
    assert doc.fmt == "pdf"
    assert doc.headings == ()
    lines = doc.text.split("\n")
    assert lines[0] == "Privacy Policy"
    assert "Effective date: June 1, 2024" in lines
    # Ligature glyphs come back as letters; word gaps as single spaces.
    assert "efficient office" in doc.text and "\t" not in doc.text
    assert "You may ask us to delete your data." in doc.text
    # More than one page, joined by a blank line; no bare page-number lines.
    assert "\n\n" in doc.text
    assert not any(ln.strip().isdigit() for ln in lines)


def test_pdf_detected_by_content(qapp, tmp_path: Path) -> None:
    data = write_text_pdf(tmp_path / "p.pdf", POLICY_HTML).read_bytes()
    assert detect_format(data, "policy.txt") == "pdf"
    assert load_bytes(data, "policy.txt").fmt == "pdf"


def test_pdf_without_text_layer_is_called_a_scan(qapp, tmp_path: Path) -> None:
    f = write_image_only_pdf(tmp_path / "scan.pdf")
    with pytest.raises(ImportFailed, match=r"scanned document.*no text layer.*OCR"):
        load_file(f)


def test_truncated_pdf(qapp, tmp_path: Path) -> None:
    data = write_text_pdf(tmp_path / "p.pdf", POLICY_HTML).read_bytes()
    for cut in (len(data) // 2, len(data) - 8):
        f = tmp_path / f"cut{cut}.pdf"
        f.write_bytes(data[:cut])
        with pytest.raises(ImportFailed, match="truncated") as err:
            load_file(f)
        assert str(f) in str(err.value)


def test_corrupt_pdf_body(tmp_path: Path) -> None:
    f = tmp_path / "bad.pdf"
    f.write_bytes(b"%PDF-1.4\n" + b"\x00garbage\xff" * 200 + b"\n%%EOF\n")
    with pytest.raises(ImportFailed) as err:
        load_file(f)
    assert str(f) in str(err.value)


def test_encrypted_pdf(qapp, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = write_text_pdf(tmp_path / "p.pdf", POLICY_HTML)
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="s3cret", algorithm="RC4-128")
    f = tmp_path / "locked.pdf"
    with open(f, "wb") as fh:
        writer.write(fh)
    with pytest.raises(ImportFailed, match="encrypted"):
        load_file(f)


def test_pdf_page_limit(qapp, tmp_path: Path) -> None:
    f = write_text_pdf(tmp_path / "p.pdf", POLICY_HTML)
    with pytest.raises(InputTooLarge, match=r"pages.*limit of 1.*max_pdf_pages"):
        load_file(f, Config(max_pdf_pages=1))


def test_pdf_extension_on_non_pdf(tmp_path: Path) -> None:
    f = tmp_path / "fake.pdf"
    f.write_text("hello there, not a pdf")
    with pytest.raises(ImportFailed, match="not a valid PDF"):
        load_file(f)


def test_html_blocks_and_list_numbers_are_kept() -> None:
    html = (
        "<html><body><section><h2>Scope</h2>Applies to the site.</section>"
        "<section>Applies to the app.</section>"
        "<dl><dt>Controller</dt><dd>Acme Ltd</dd></dl>"
        "<ol start='9'><li>Retention</li><li>Security<ol type='a'><li>encryption</li>"
        "<li>audits</li></ol></li></ol><ol type='i'><li>first</li><li>second</li></ol>"
        "</body></html>"
    )
    doc = load_bytes(html.encode(), "p.html")
    lines = [ln.strip() for ln in doc.text.split("\n") if ln.strip()]
    assert "Applies to the site." in lines and "Applies to the app." in lines
    assert lines.index("Acme Ltd") == lines.index("Controller") + 1
    assert [ln for ln in lines if ln[:3] in ("9. ", "10.", "a. ", "b. ")] == [
        "9. Retention",
        "10. Security",
        "a. encryption",
        "b. audits",
    ]
    assert "i. first" in lines and "ii. second" in lines


def test_markdown_ordered_list_keeps_its_start_number() -> None:
    md = "Intro.\n\n7. Seventh item\n8. Eighth item\n\nText.\n\n12. Twelfth\n"
    doc = load_bytes(md.encode(), "p.md")
    lines = [ln.strip() for ln in doc.text.split("\n")]
    assert [ln for ln in lines if ln[:2] in ("7.", "8.")] == ["7. Seventh item", "8. Eighth item"]
    assert "12. Twelfth" in lines


def test_a_mail_link_shows_its_address_when_its_text_does_not() -> None:
    md = ("Contact our [DPO](mailto:dpo@acme.example?subject=Hi), or "
          "[privacy@acme.example](mailto:privacy@acme.example), or [us](mailto:pr%40acme.example)."
          "\n\n# Write to [Legal](mailto:legal@acme.example)\n\nText.\n")
    doc = load_bytes(md.encode(), "m.md")
    assert doc.text.split("\n")[0] == ("Contact our DPO (dpo@acme.example), or "
                                       "privacy@acme.example, or us (pr@acme.example).")
    assert "Write to Legal" in doc.text and "legal@" not in doc.text  # a heading stays as is


def test_nested_list_bullets_are_layout_at_every_depth() -> None:
    # inscriptis marks a third-level item "o ", which the comparison read as a word.
    md = "Intro.\n\n- one\n  - two\n    - three\n      - four\n- five\n"
    ol = "<ol><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ol>"
    for doc in (load_bytes(md.encode(), "n.md"), load_bytes(ol.encode(), "n.html")):
        items = [ln.strip() for ln in doc.text.split("\n") if ln.strip() not in ("", "Intro.")]
        assert all(ln[:2] in ("* ", "+ ", "- ", "1.") for ln in items), items
        intro = doc.text.startswith("Intro")
        assert word_count(doc.text) == len(items) + intro  # each item: its bullet + one word


def test_table_with_multiline_cells_is_read_row_by_row() -> None:
    html = (
        "<table><tr><th>Purpose</th><th>Data</th><th>Retention</th></tr>"
        "<tr><td>Fraud checks</td><td><ul><li>Name</li><li>IP address</li></ul></td>"
        "<td><p>Six years.</p><p>Longer for disputes.</p></td></tr>"
        "<tr><td>Ads</td><td>Age<br>Gender</td><td>Until you opt out.</td></tr></table>"
    )
    doc = load_bytes(html.encode(), "t.html")
    lines = [ln.strip() for ln in doc.text.split("\n") if ln.strip()]
    # Each cell's lines stay together and in reading order; no column interleaving.
    assert lines == [
        "Purpose", "Data", "Retention",
        "Fraud checks", "* Name", "* IP address", "Six years.", "Longer for disputes.",
        "Ads", "Age", "Gender", "Until you opt out.",
    ]
    # Rows are separated by a blank line.
    assert "Retention\n\n        Fraud checks" in doc.text
    assert "Longer for disputes.\n\n        Ads" in doc.text
    # The table is set apart by indentation, as a table cell is in plain text, so
    # its short cells never read as headings in the outline.
    assert all(ln.startswith(" " * 8) for ln in doc.text.split("\n") if ln.strip())
    assert all(s.inferred for s in parse_outline(doc.text).sections)


def test_a_table_read_row_by_row_keeps_the_text_around_it_at_the_margin() -> None:
    html = (
        "<h2>Data we use</h2><p>We use this data:</p>"
        "<table><tr><td><p>Ads</p><p>Partners</p></td><td>Age</td></tr></table>"
        "<p>That is all.</p>"
    )
    doc = load_bytes(html.encode(), "t.html")
    assert "We use this data:\n\n        Ads\n\n        Partners" in doc.text
    assert "Age\n\nThat is all." in doc.text
    assert [doc.text[h.start : h.end] for h in doc.headings] == ["Data we use"]


# --- heading offsets survive normalisation (property) --------------------------------

_CHARS = [*"abcXYZ 19.,&<>\"'", "\u00a0", "\u200b", "\t", "\r\n", "\n", "e\u0301", "é", "😀",
          "\x07", "\ufeff"]
_PIECE = st.lists(st.sampled_from(_CHARS), max_size=25).map("".join)


def _visible(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    return "".join(ch for ch in s if not ch.isspace() and ch not in "\u200b\ufeff\x07")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(1, 6), _PIECE, _PIECE), min_size=1, max_size=6))
def test_heading_marks_stay_exact_through_normalisation(blocks: list[tuple[int, str, str]]) -> None:
    # A page full of control characters is refused as binary; that is another test.
    assume(sum(h.count("\x07") + p.count("\x07") for _l, h, p in blocks) < 32)
    body = "".join(
        f"<h{level}>{html_escape(heading)}</h{level}>\n<p>{html_escape(para)}</p>\n"
        for level, heading, para in blocks
    )
    try:
        doc = load_bytes(f"<html><body><p>Intro.</p>{body}</body></html>".encode(), "p.html")
    except ImportFailed:
        pytest.fail("a page with an intro paragraph always has text")
    expected = [(_visible(h), level) for level, h, _p in blocks if _visible(h)]
    assert [(_visible(doc.text[m.start:m.end]), m.level) for m in doc.headings] == expected
    assert_marks_exact(doc)


def test_collapsed_policy_sections_are_kept_but_page_furniture_is_not() -> None:
    folded = "We keep account data for as long as your account exists. " * 6
    html = (
        "<html><body><div hidden class='mobile-menu'>MENU-SECRET Home Blog Careers</div>"
        "<div role='dialog'>POPUP-SECRET Subscribe to our newsletter</div>"
        "<main><h1>Privacy<br>Policy</h1>"
        "<p>Read our <a href='/terms'>terms<span class='sr-only'> SR-SECRET opens in a new tab"
        "</span></a>.</p>"
        f"<h2>Retention</h2><div class='accordion-body' hidden>{folded}</div>"
        "<span aria-hidden='true'>ICON-SECRET</span></main></body></html>"
    )
    doc = load_bytes(html.encode(), "p.html")
    assert "SECRET" not in doc.text, doc.text
    assert folded.strip() in doc.text
    assert "Read our terms." in doc.text
    assert doc.title == "Privacy Policy"
    assert heading_texts(doc) == [("Privacy Policy", 1), ("Retention", 2)]


def test_pdf_running_header_and_footer_are_dropped(qapp, tmp_path: Path) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    f = tmp_path / "running.pdf"
    writer = QPdfWriter(str(f))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    width = writer.width()
    for page in range(1, 5):
        if page > 1:
            writer.newPage()
        painter.drawText(QRectF(0, 0, width, 300), "Acme Privacy Policy - Confidential")
        painter.drawText(QRectF(0, 1000, width, 300), f"Section {page} body text of this page.")
        painter.drawText(QRectF(0, 9000, width, 300), f"Page {page} of 4 | acme.example")
    painter.end()
    del painter, writer  # painter first: it must not outlive its device
    doc = load_file(f)
    assert "Confidential" not in doc.text and "acme.example" not in doc.text
    assert [ln for ln in doc.text.split("\n") if ln] == [
        f"Section {n} body text of this page." for n in range(1, 5)
    ]


def test_text_that_mentions_tags_stays_text() -> None:
    text = b"Cookies\n\nOur pages load scripts in the <head> and <body> of each page.\n"
    assert detect_format(text, "policy.txt") == "text"
    assert load_bytes(text, "policy.txt").text == text.decode().strip()
    fragment = b"<div class='x'>\n<body><p>Saved fragment</p></body></div>"
    assert detect_format(fragment, "saved.txt") == "html"


def test_utf8_with_a_stray_windows_1252_byte() -> None:
    data = "Données — “quoted” café. ".encode() * 3 + b"it\x92s ours"
    assert load_bytes(data, "x.txt").text == "Données — “quoted” café. " * 3 + "it’s ours"


def test_high_byte_noise_is_undecodable() -> None:
    import random

    rng = random.Random(5)
    data = bytes(rng.randrange(0xA0, 0x100) for _ in range(3000))
    with pytest.raises(ImportFailed, match="could not be decoded"):
        load_bytes(data, "noise.txt")


def test_body_class_naming_cookies_does_not_hide_the_policy() -> None:
    html = (
        "<html><body class='cookie-consent-given'><h1>Cookie Policy</h1>"
        "<p>We use cookies.</p></body></html>"
    )
    doc = load_bytes(html.encode(), "p.html")
    assert doc.text == "Cookie Policy\n\nWe use cookies."


def test_page_saved_with_a_modal_open_keeps_its_content() -> None:
    html = (
        "<html><body><div id='root' aria-hidden='true'><main><h1>Privacy</h1>"
        "<p>Our policy text.</p></main></div>"
        "<div role='dialog'>Sign up for our newsletter</div></body></html>"
    )
    doc = load_bytes(html.encode(), "p.html")
    assert doc.text == "Privacy\n\nOur policy text."


def test_class_marked_chrome_without_semantic_tags() -> None:
    links = "".join(f"<li><a href='/{i}'>LINK-SECRET {i}</a></li>" for i in range(30))
    policy = "<p>We process data lawfully and keep it safe for you.</p>" * 5
    html = (
        f"<html><body><div class='navbar'><ul>{links}</ul></div>"
        "<div id='content'><div class='header'><h1>Privacy Policy</h1></div>"
        f"<div class='sidebar note'>{policy}</div></div>"
        "<div class='site-footer'>FOOTER-SECRET <a href='/t'>Terms</a></div></body></html>"
    )
    doc = load_bytes(html.encode(), "p.html")
    assert "SECRET" not in doc.text and "Terms" not in doc.text
    assert doc.title == "Privacy Policy"
    # A class that merely sounds like chrome around real prose is kept.
    assert doc.text.count("We process data lawfully") == 5


NOISY_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Policy | Acme</title>
<script>window.dataLayer = [];</script><style>.x{{}}</style></head><body>
<div id="CybotCookiebotDialog"><p>We use cookies to personalise content.</p>
<button>OK</button></div>
<header class="site-header"><a href="/">Acme</a><nav><a href="/a">About</a></nav></header>
<div class="layout"><aside><a href="/help">Help centre</a></aside>
<main>{body}</main></div>
<footer><p>© Acme Inc. All rights reserved.</p><a href="/terms">Terms</a></footer>
<script>track();</script></body></html>"""


@requires_corpus
@pytest.mark.parametrize(
    "rel", ["deliveroo/2025-11-10.md", "github/2024-02-03.md", "bumble/2026-03-06.md"]
)
def test_policy_in_a_noisy_page_imports_like_its_markdown(rel: str) -> None:
    from policyviewer.core.importers.markdown import markdown_to_html

    md = CORPUS_DIR / rel
    body = markdown_to_html(md.read_text())
    page = NOISY_PAGE.format(body=body).encode()
    from_page = load_bytes(page, "policy.html")
    from_md = load_file(md)
    assert from_page.fmt == "html"
    assert from_page.text == from_md.text
    assert from_page.headings == from_md.headings


_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Co", "Cn"), blacklist_characters="\ufeff"
    )
    | st.sampled_from(["\n", "\t", "\r", "\u00a0"]),
    min_size=1,
    max_size=200,
)


@settings(max_examples=120, deadline=None)
@given(_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]))
def test_any_text_round_trips_in_unicode_encodings(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    assume(detect_format(data, "x.txt") == "text")
    expected = normalize_import(text)
    if encoding in ("utf-16-le", "utf-16-be"):
        # Without a byte-order mark only mostly-ASCII text is recognisable as UTF-16
        # (two bytes of UTF-16 are also two valid bytes of a legacy code page).
        assume(sum(ch < "\u0100" for ch in text) > 0.9 * len(text) and len(text) > 4)
    if not re.search(r"[^\W_]", expected):  # blank, or punctuation only: no policy
        with pytest.raises(ImportFailed):
            load_bytes(data, "x.txt")
        return
    assert load_bytes(data, "x.txt").text == expected


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_seed_as_pdf_keeps_every_word(qapp, tmp_path: Path, seed: Path) -> None:
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    original = seed.read_text(encoding="utf-8")
    f = tmp_path / f"{seed.stem}.pdf"
    writer = QPdfWriter(str(f))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document = QTextDocument()
    document.setPlainText(original)
    document.print_(writer)
    del writer
    doc = load_file(f)
    assert doc.fmt == "pdf"
    # Lines wrap differently on a page (even after a hyphen, "AI-\npowered"); the
    # characters, in order, must not change: none lost, none doubled at page breaks.
    assert "".join(doc.text.split()) == "".join(original.split())


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_seed_as_docx_keeps_every_line(tmp_path: Path, seed: Path) -> None:
    import docx

    original = seed.read_text(encoding="utf-8")
    lines = [ln.strip() for ln in original.splitlines() if ln.strip()]
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    f = tmp_path / f"{seed.stem}.docx"
    d.save(f)
    doc = load_file(f)
    assert [ln for ln in doc.text.split("\n") if ln] == lines


def test_read_error_is_reported_on_one_line(tmp_path: Path, monkeypatch) -> None:
    # Root ignores file permissions, so simulate the refusal the OS gives other users.
    import builtins

    import policyviewer.core.importers as importers

    f = tmp_path / "locked.txt"
    f.write_text("text")

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(builtins, "open", refuse)
    with pytest.raises(ImportFailed, match="permission denied") as err:
        importers.load_file(f)
    monkeypatch.undo()
    assert str(err.value) == f"{f}: cannot be read (permission denied)"


def test_path_through_a_file_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "file.txt"
    f.write_text("x")
    with pytest.raises(ImportFailed, match=r"cannot be read|no such file"):
        load_file(f / "child.txt")


def test_aria_headings_and_permalink_anchors() -> None:
    html = (
        "<html><body><div role='heading' aria-level='1'>Privacy Notice</div>"
        "<h2 id='s1'>1. Data<a class='headerlink' href='#s1'>¶</a></h2><p>We collect data.</p>"
        "<div role='heading' aria-level='3'>1.1 Cookies</div><p>Small files.</p></body></html>"
    )
    doc = load_bytes(html.encode(), "p.html")
    assert heading_texts(doc) == [("Privacy Notice", 1), ("1. Data", 2), ("1.1 Cookies", 3)]
    assert "¶" not in doc.text


def test_deep_nesting_is_imported_whole_or_refused() -> None:
    def page(depth: int) -> bytes:
        nest = "<div>" * depth + "We keep your data." + "</div>" * depth
        return f"<html><body><p>Intro.</p>{nest}<p>After.</p></body></html>".encode()

    doc = load_bytes(page(300), "deep.html")
    assert "We keep your data." in doc.text and doc.text.endswith("After.")
    with pytest.raises(ImportFailed, match="nested too deeply"):
        load_bytes(page(5000), "deeper.html")
    items = "".join("  " * i + f"- item {i}\n" for i in range(40))
    doc = load_bytes(f"# Policy\n\n{items}\nAfter the list.\n".encode(), "deep.md")
    assert "item 39" in doc.text and doc.text.endswith("After the list.")
    quote = "# Policy\n\n" + ">" * 25 + " Quoted.\n\nAfter.\n"
    assert load_bytes(quote.encode(), "q.md").text.endswith("Quoted.\n\nAfter.")
    with pytest.raises(ImportFailed, match="nested too deeply"):
        load_bytes(("# P\n\n" + ">" * 20_000 + " x\n").encode(), "deepest.md")


def test_markup_without_words_is_refused() -> None:
    with pytest.raises(ImportFailed, match="no words"):
        load_bytes(b"# \n\n---\n\n* \n\n[](http://127.0.0.1:9/)\n", "empty.md")
    with pytest.raises(ImportFailed, match="no words"):
        load_bytes(b"-----\n* * *\n", "rules.txt")


def test_docx_that_unpacks_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    import zipfile

    data = make_docx(tmp_path / "ok.docx").read_bytes()
    out = tmp_path / "bomb.docx"
    with zipfile.ZipFile(tmp_path / "ok.docx") as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/document.xml":
                body = body.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 400_000, 1)
            dst.writestr(item, body)
    assert out.stat().st_size < len(data) + 100_000
    limit = r"unpacks to \d\.\d MB, more than the import limit of 1\.0 MB.*max_file_bytes"
    with pytest.raises(InputTooLarge, match=limit):
        load_file(out, Config(max_file_bytes=1024 * 1024))


@pytest.mark.parametrize(
    "wrapper",
    [
        "<form id='aspnetForm' action='/Privacy.aspx' method='post'>{}</form>",
        "<embed src='movie.swf'>{}",
        "<form><label>FORM-SECRET email</label><input name='e'><button>Go</button></form>{}",
    ],
)
def test_page_wrapping_form_and_void_embed_do_not_hide_the_policy(wrapper: str) -> None:
    policy = "<h1>Privacy Policy</h1><p>We keep server logs for 30 days.</p>"
    doc = load_bytes(f"<html><body>{wrapper.format(policy)}</body></html>".encode(), "p.html")
    assert doc.text == "Privacy Policy\n\nWe keep server logs for 30 days."


def test_a_table_deep_in_lists_keeps_its_indentation() -> None:
    # Indentation of nested lists plus the table's own once hit the cap meant for
    # padding inside grid tables, and the cells came out at the margin.
    table = "<table><tr><td><p>Ads</p><p>Partners</p></td><td>Age</td></tr></table>"
    html = "<ul><li>" * 4 + "<p>Intro text here.</p>" + table + "</li></ul>" * 4
    text = load_bytes(html.encode(), "t.html").text
    intro = next(ln for ln in text.split("\n") if "Intro" in ln)
    cells = [ln for ln in text.split("\n") if ln.strip() in ("Ads", "Partners", "Age")]
    indent = len(intro) - len(intro.lstrip()) + 2  # past the list bullet
    assert [len(c) - len(c.lstrip()) for c in cells] == [indent + 8] * 3


def test_top_level_headings_after_others_are_sections_not_the_title(tmp_path) -> None:
    # Google's Markdown: "## Contents", then one "#" heading per main section.
    md = "## Contents\n\nIntro.\n\n# What we collect\n\nText.\n\n# Why we collect it\n\nText.\n"
    f = tmp_path / "google.md"
    f.write_text(md, encoding="utf-8")
    assert load_file(f).title is None
    f.write_text("## Menu\n\n# Acme Privacy Policy\n\n## Scope\n\nText.\n", encoding="utf-8")
    assert load_file(f).title == "Acme Privacy Policy"  # the only top-level heading


@requires_corpus
def test_google_policy_names_no_section_as_its_title() -> None:
    assert load_file(CORPUS_DIR / "google" / "2024-03-05.md").title is None


def test_a_heading_written_inside_a_markdown_table_cell_reads_as_its_label(tmp_path) -> None:
    # Bumble: "| ##### Facebook<br><br>To partner ... |" (an <h5> in a <td> once).
    md = (
        "| Who | What |\n| --- | --- |\n"
        "| ##### Facebook<br><br>To partner with Facebook to measure ads. | Actions |\n"
        "| ##### Moderators<br><br>To monitor activity on the App. | Name |\n"
    )
    f = tmp_path / "cells.md"
    f.write_text(md, encoding="utf-8")
    doc = load_file(f)
    assert "#" not in doc.text
    assert "Facebook\n" in doc.text and "Moderators\n" in doc.text


def test_emphasis_marks_markdown_leaves_as_text_are_dropped() -> None:
    # Converted policies: bold that ended next to punctuation stays as literal "**".
    md = (
        "# Sharing\n\n"
        "To improve our offerings for our users**,** we use aggregated data.\n\n"
        "Emails and Notifications****. You can change them.\n\n"
        "* **13.5.2 Salesforce\n\n"
        "A footnote* stays, and so does [a link](https://example.com/a**b).\n"
    )
    doc = load_bytes(md.encode(), "leftover.md")
    assert "**" not in doc.text
    assert "for our users, we use aggregated data." in doc.text
    assert "Emails and Notifications. You can" in doc.text
    assert "13.5.2 Salesforce" in doc.text
    assert "footnote* stays" in doc.text
    assert_marks_exact(doc)


def test_leftover_emphasis_marks_are_dropped_in_linear_time() -> None:
    # Each mark once looked ahead to the end of its paragraph (and a run inside a
    # tag retried every shorter run): 20,000 marks in one paragraph took 8 s.
    import time

    from policyviewer.core.importers.markdown import markdown_to_html

    t = time.perf_counter()
    html = markdown_to_html("word**, " * 20_000 + "\n\n[a](https://x.example/" + "*" * 2000 + ")")
    assert time.perf_counter() - t < 2.0
    assert "word, word, " in html and "**" not in html.split("<a")[0]
    assert 'href="https://x.example/' + "*" * 2000 + '"' in html
