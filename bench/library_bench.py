"""Library size and import time for the whole corpus (../shared/corpus).

Run from the repository root:
    .venv/bin/python bench/library_bench.py --out bench/results_library.md

Imports every Markdown file of the corpus as a version of its service's policy
(dated by its file name), once through the importers and once more to time the
"identical, nothing added" path, then reports sizes and timings.
"""

from __future__ import annotations

import argparse
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from policyviewer.core.importers import load_file
from policyviewer.core.library import Library
from policyviewer.core.library.store import found_date

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--out", type=Path, default=None, help="write a Markdown report here")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*/*.md"))
    if not files:
        print(f"no corpus files under {args.corpus}", file=sys.stderr)
        return 1
    raw_bytes = sum(f.stat().st_size for f in files)

    t0 = time.perf_counter()
    docs = [(f, load_file(f)) for f in files]
    t_load = time.perf_counter() - t0
    text_bytes = sum(len(d.text.encode("utf-8")) for _, d in docs)
    t0 = time.perf_counter()
    for _, d in docs:
        found_date(d.text)
    t_dates = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "library.sqlite"
        t0 = time.perf_counter()
        lib = Library.open(db)
        t_create = time.perf_counter() - t0
        t0 = time.perf_counter()
        created = 0
        for f, d in docs:
            created += lib.add_version(f.parent.name, d, source=str(f), date=f.stem[:10]).created
        t_store = time.perf_counter() - t0
        t0 = time.perf_counter()
        for f, d in docs:
            lib.add_version(f.parent.name, d, source=str(f), date=f.stem[:10])
        t_again = time.perf_counter() - t0
        policies = len(lib.policies())
        t0 = time.perf_counter()
        for p in lib.policies():
            for v in lib.versions(p):
                lib.document(v)
        t_read = time.perf_counter() - t0
        lib.close()  # checkpoints the WAL into the main file
        db_bytes = db.stat().st_size
        t0 = time.perf_counter()
        Library.open(db).close()  # includes pragma quick_check
        t_open = time.perf_counter() - t0
        conn = sqlite3.connect(db)
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        distinct_texts = conn.execute("SELECT count(*) FROM texts").fetchone()[0]
        conn.close()

    mb = 1_000_000
    n = len(files)

    def per_file(seconds: float) -> str:
        return f"{seconds:.2f} s ({seconds / n * 1000:.1f} ms/file)"

    rows = [
        ("corpus files", f"{n} ({policies} policies)"),
        ("versions stored / distinct texts", f"{created} / {distinct_texts}"),
        ("raw file size", f"{raw_bytes / mb:.2f} MB"),
        ("imported plain text (UTF-8)", f"{text_bytes / mb:.2f} MB"),
        ("library file", f"{db_bytes / mb:.2f} MB ({db_bytes / raw_bytes:.1%} of raw, "
                         f"{db_bytes / text_bytes:.1%} of text)"),
        ("create empty library", f"{t_create * 1000:.0f} ms"),
        ("importers (load_file), all files", per_file(t_load)),
        ("store (add_version), all files", per_file(t_store)),
        ("of which: finding the date in the text", per_file(t_dates)),
        ("re-add identical files", per_file(t_again)),
        ("read back every version", f"{t_read:.2f} s"),
        ("open full library (quick_check)", f"{t_open * 1000:.0f} ms"),
        ("pragma integrity_check", integrity),
    ]
    report = [
        "# Library: size and import time for the corpus",
        "",
        "Command: `.venv/bin/python bench/library_bench.py --out bench/results_library.md`",
        "",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}. Each add is its own transaction (WAL, "
        "synchronous=FULL default), text stored zlib-compressed (level 9), once per distinct text. "
        "MB = 10^6 bytes.",
        "",
        "| measure | value |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in rows],
        "",
    ]
    text = "\n".join(report)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
