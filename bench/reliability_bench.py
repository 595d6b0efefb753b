"""Huge and hostile inputs: outcome, time and peak memory, each in a fresh process.

    .venv/bin/python bench/reliability_bench.py [--skip-compare | --only-compare]

Prints a Markdown table (for bench/results_reliability.md). Files are generated in a
temporary folder; each import runs through tests/reliability/measure_import.py with
a 3 GB address-space cap.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "reliability"))

from samples import PARAGRAPHS, make_pdf  # noqa: E402
from test_huge_input import docx_bomb, policy_text  # noqa: E402

MB = 1024 * 1024

COMPARE = """
import dataclasses, json, sys, time
sys.path.insert(0, "tests/reliability")
from measure_import import peak_rss_mb
from policyviewer.core.compare import compare_documents
from policyviewer.core.importers import load_file
doc = load_file(sys.argv[1])
at = doc.text.find("30 days", len(doc.text) // 2)  # one edit in the middle of the text
new = dataclasses.replace(doc, text=doc.text[:at] + "90 days" + doc.text[at + 7:])
start = time.perf_counter()
cmp = compare_documents(doc, new)
print(json.dumps({"seconds": round(time.perf_counter() - start, 1),
                  "peak_rss_mb": round(peak_rss_mb()),
                  "words_added": cmp.stats.words_added}))
"""


def measure(path: Path) -> dict:
    out = subprocess.run([sys.executable, str(REPO / "tests/reliability/measure_import.py"),
                          str(path), "--limit-mb", "3000"], capture_output=True, text=True,
                         timeout=1800, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="pv-reliability-"))
    cases: list[tuple[str, Path]] = []

    def add(label: str, name: str, data: bytes) -> None:
        path = tmp / name
        path.write_bytes(data)
        cases.append((label, path))

    add("60 MB text", "60mb.txt", policy_text(60 * MB).encode())
    add("45 MB text (under the file limit)", "45mb.txt", policy_text(45 * MB).encode())
    thousand = [[f"Chapter {i}"] + [PARAGRAPHS[(i + j) % len(PARAGRAPHS)][:90]
                                    for j in range(40)] for i in range(1000)]
    add("1,000-page PDF (40 lines a page)", "1000p.pdf", make_pdf(thousand))
    add("2,001-page PDF", "2001p.pdf", make_pdf([[f"Page {i} text."] for i in range(2001)]))
    add("DOCX bomb: 200 MB of XML in a small file", "bomb200.docx", docx_bomb(200))
    add("DOCX with 10 MB of XML", "xml10.docx", docx_bomb(10))
    html = "<html><body>" + "".join(f"<h2>S{i}</h2><p>{PARAGRAPHS[i % 6]}</p>"
                                    for i in range(200_000)) + "</body></html>"
    add("18 MB HTML page", "big.html", html.encode())
    print("| input | file size | outcome | message | time (s) | peak RSS (MB) |")
    print("|---|---|---|---|---|---|")
    for label, path in cases:
        if "--only-compare" in sys.argv:
            break
        r = measure(path)
        what = r.get("message", f"{r.get('chars', 0):,} chars").replace(str(path), "FILE")
        print(f"| {label} | {path.stat().st_size / MB:.2f} MB | {r['outcome']} | {what} | "
              f"{r['seconds']} | {r['peak_rss_mb']} (baseline {r['baseline_rss_mb']}) |",
              flush=True)
    if "--only-compare" in sys.argv:
        cases[:] = [c for c in cases if c[1].name == "1000p.pdf"]
    if "--skip-compare" not in sys.argv:
        out = subprocess.run([sys.executable, "-c", textwrap.dedent(COMPARE),
                              str(tmp / "1000p.pdf")], capture_output=True, text=True,
                             timeout=3600, cwd=REPO)
        print(f"\ncompare_documents(1,000-page PDF, one word changed): {out.stdout.strip()}"
              f"{out.stderr.strip()[-300:]}")


if __name__ == "__main__":
    main()
