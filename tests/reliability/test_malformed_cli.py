"""Malformed files of every format through ``policyviewer add``: one clear error line
naming the file, exit status 1, and the library byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from samples import sample_docx, sample_html, sample_pdf, sample_text

from policyviewer.core.importers import load_bytes
from policyviewer.core.library import Library

REPO = Path(__file__).resolve().parents[2]


def _docx_with(part: str, data: bytes | None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(sample_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            if item.filename == part:
                if data is not None:
                    z.writestr(item, data)
            else:
                z.writestr(item, src.read(item.filename))
    return out.getvalue()


def _flip_crc(data: bytes) -> bytes:
    # Damage the compressed bytes of the first part: its CRC no longer matches.
    buf = bytearray(data)
    start = 30 + int.from_bytes(buf[26:28], "little") + int.from_bytes(buf[28:30], "little")
    for i in range(start + 5, start + 25):
        buf[i] ^= 0x5A
    return bytes(buf)


MALFORMED: dict[str, bytes] = {
    "empty.txt": b"",
    "blank.txt": b" \n\t\r\n  ",
    "noise.txt": bytes(range(256)) * 40,
    "image.txt": b"\x89PNG\r\n\x1a\n" + b"\x00" * 300,
    "truncated.pdf": sample_pdf()[:1500],
    "not-a-pdf.pdf": b"%PDF-1.7\n" + b"garbage " * 200 + b"\n%%EOF\n",
    "no-header.pdf": b"This file only claims to be a PDF.",
    "no-text.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                   b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                   b"trailer << /Root 1 0 R >>\n%%EOF\n",
    "truncated.docx": sample_docx()[:3000],
    "no-document.docx": _docx_with("word/document.xml", None),
    "broken-xml.docx": _docx_with("word/document.xml", b"<w:document><w:body><w:p>"),
    "bad-crc.docx": _flip_crc(sample_docx()),
    "archive.zip": _docx_with("word/document.xml", None),
    "scripts-only.html": b"<html><head><script>alert(1)</script><style>p{}</style></head>"
                         b"<body><img src='x.png'></body></html>",
    "markup-only.md": b"# \n\n---\n\n* \n\n[](http://127.0.0.1:9/)\n",
}


# markup-only.md was found by this suite: it used to be stored as a version ("  *").
CASES = sorted(MALFORMED)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT count(*) FROM policies").fetchone()[0],
                conn.execute("SELECT count(*) FROM versions").fetchone()[0])
    finally:
        conn.close()


def run_add(db: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "policyviewer", "--db", str(db), "add", *map(str, files),
         "--policy", "Acme"],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("lib") / "library.sqlite"
    with Library.open(db) as lib:
        lib.add_version("Acme", load_bytes(sample_text().encode(), "acme.txt"), source="acme.txt")
    return db


@pytest.mark.parametrize("name", CASES)
def test_the_importer_refuses_each_sample(name: str) -> None:
    from policyviewer.core.errors import ImportFailed

    with pytest.raises(ImportFailed):
        load_bytes(MALFORMED[name], name)


@pytest.mark.parametrize("name", CASES)
def test_malformed_file_gives_one_clear_line_and_changes_nothing(
    library: Path, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(MALFORMED[name])
    before = (digest(library), counts(library))
    result = run_add(library, path)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("policyviewer: error: ") and name in lines[0]
    assert "Traceback" not in result.stderr
    assert (digest(library), counts(library)) == before


def test_a_batch_with_bad_files_adds_the_good_one_and_fails(library: Path, tmp_path: Path) -> None:
    bad = []
    for name in ("truncated.pdf", "broken-xml.docx", "empty.txt"):
        bad.append(tmp_path / name)
        bad[-1].write_bytes(MALFORMED[name])
    good = tmp_path / "acme-v2.html"
    good.write_text(sample_html().replace("30 days", "90 days"), encoding="utf-8")
    policies, versions = counts(library)
    result = run_add(library, *bad, good)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("policyviewer: ")]
    assert len(errors) == 4 and errors[-1] == "policyviewer: 3 of 4 files not added"
    assert "acme-v2.html" in result.stdout
    assert counts(library) == (policies, versions + 1)
