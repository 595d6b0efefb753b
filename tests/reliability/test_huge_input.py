"""Huge input: refused with a message naming the Config limit, or imported with
bounded memory; never a crash or a hang.

Each import runs in a fresh process (``measure_import.py``) with its address space
capped, so the peak memory is that import's alone and a runaway import fails the
test instead of the machine. The subprocess timeout is a hang guard, not a timing.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from samples import PARAGRAPHS, make_pdf, sample_docx

from policyviewer.core.config import DEFAULT_CONFIG

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
MB = 1024 * 1024
ADDRESS_SPACE_MB = 3000  # generous: Qt-free Python + lxml + pypdf need ~1 GB of mappings


def measure(path: Path, hang_guard_s: int = 300) -> dict:
    result = subprocess.run(
        [sys.executable, str(HERE / "measure_import.py"), str(path),
         "--limit-mb", str(ADDRESS_SPACE_MB)],
        capture_output=True, text=True, timeout=hang_guard_s, cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["outcome"] != "crashed", out
    return out


def policy_text(size: int) -> str:
    para = "\n\n".join(PARAGRAPHS) + "\n\n"
    return (para * (size // len(para) + 1))[:size]


def assert_refused_naming(out: dict, limit: str, path: Path) -> None:
    assert out["outcome"] == "refused", out
    assert out["error"] == "InputTooLarge"
    message = out["message"]
    assert f"Config.{limit}" in message and str(path) in message and "\n" not in message


def test_60_mb_text_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text(policy_text(60 * MB), encoding="utf-8")
    out = measure(path, hang_guard_s=60)
    assert_refused_naming(out, "max_file_bytes", path)
    assert "50.0 MB" in out["message"]  # the limit's value, not just its name
    # Refused from the file size: the 60 MB were never loaded.
    assert out["peak_rss_mb"] - out["baseline_rss_mb"] < 30, out


def test_45_mb_text_under_the_file_limit_is_refused_by_the_text_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(policy_text(45 * MB), encoding="utf-8")
    out = measure(path, hang_guard_s=120)
    assert_refused_naming(out, "max_text_chars", path)
    # Bytes + one decoded copy + normalisation: a few times the file, never unbounded.
    assert out["peak_rss_mb"] - out["baseline_rss_mb"] < 6 * 45, out


def test_1000_page_pdf_is_imported_with_bounded_memory(tmp_path: Path) -> None:
    pages = [[f"Chapter {i}"] + [PARAGRAPHS[(i + j) % len(PARAGRAPHS)][:90] for j in range(40)]
             for i in range(1000)]
    path = tmp_path / "thousand-pages.pdf"
    path.write_bytes(make_pdf(pages))
    assert DEFAULT_CONFIG.max_pdf_pages >= 1000
    out = measure(path, hang_guard_s=300)
    assert out["outcome"] == "imported", out
    assert out["chars"] > 1000 * 40 * 40  # every page's text is there
    assert out["peak_rss_mb"] - out["baseline_rss_mb"] < 500, out


def test_pdf_over_the_page_limit_is_refused(tmp_path: Path) -> None:
    pages = DEFAULT_CONFIG.max_pdf_pages + 1
    path = tmp_path / "too-many-pages.pdf"
    path.write_bytes(make_pdf([[f"Page {i} of the policy text."] for i in range(pages)]))
    out = measure(path, hang_guard_s=120)
    assert_refused_naming(out, "max_pdf_pages", path)
    assert f"{pages} pages" in out["message"]


def docx_bomb(unpacked_mb: int) -> bytes:
    """A small DOCX whose document.xml unpacks to ``unpacked_mb`` MB of paragraphs."""
    source = zipfile.ZipFile(io.BytesIO(sample_docx()))
    out = io.BytesIO()
    unit = "<w:p><w:r><w:t>We keep your data for thirty days.</w:t></w:r></w:p>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode()
                at = xml.index("<w:body>") + len("<w:body>")
                filler = unit * (unpacked_mb * MB // len(unit))
                data = (xml[:at] + filler + xml[at:]).encode()
            z.writestr(item, data)
    return out.getvalue()


def test_docx_zip_bomb_is_refused_quickly(tmp_path: Path) -> None:
    # 200 MB of XML in a ~1 MB file: mammoth would spend many minutes and gigabytes on it
    # (found by this suite: a 400 MB bomb ran for over 10 minutes before the size check).
    path = tmp_path / "bomb.docx"
    path.write_bytes(docx_bomb(200))
    assert path.stat().st_size < 2 * MB
    out = measure(path, hang_guard_s=60)
    assert out["outcome"] == "refused", out
    assert "Config." in out["message"] and "\n" not in out["message"]
    assert out["peak_rss_mb"] - out["baseline_rss_mb"] < 200, out


def test_docx_with_too_much_text_is_refused_before_conversion(monkeypatch) -> None:
    # 12 MB of XML (a 90 KB file) holds more text than Config.max_text_chars: mammoth
    # takes minutes to convert it (194 s measured for 10 MB) only for it to be refused.
    import mammoth

    from policyviewer.core.errors import InputTooLarge
    from policyviewer.core.importers import load_bytes

    def convert(*_args, **_kwargs):
        raise AssertionError("converted a DOCX whose text is over the limit")

    monkeypatch.setattr(mammoth, "convert_to_html", convert)
    data = docx_bomb(12)
    assert len(data) < 200 * 1024
    with pytest.raises(InputTooLarge, match=r"Config\.max_text_chars"):
        load_bytes(data, "long.docx")


def test_docx_text_estimate_counts_characters_not_bytes() -> None:
    # 2,000 CJK characters are 6,000 UTF-8 bytes: under a 3,000-character limit.
    import docx

    from policyviewer.core.config import Config
    from policyviewer.core.importers import load_bytes

    document = docx.Document()
    document.add_heading("隐私政策", level=1)
    document.add_paragraph("我们收集您的数据" * 250)
    out = io.BytesIO()
    document.save(out)
    doc = load_bytes(out.getvalue(), "zh.docx", Config(max_text_chars=3000))
    assert "我们收集您的数据" in doc.text
