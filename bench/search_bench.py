"""Search at scale: query latency and library size on a library of 10,000 versions.

Run from the repository root:
    .venv/bin/python bench/search_bench.py --out bench/results_search.md

The library is built from ../shared/corpus (205 real versions of 39 policies).
Each corpus service is cloned into several policies; a clone replaces the
service's name with its own (a white-label copy), and between the real versions
it gets edited versions, each a few small real-looking edits of the one before:
a sentence from another policy inserted, a sentence dropped, a retention
period or a "may"/"will" changed, the date line updated. So every version's
text differs, and consecutive versions share most of their sections, as real
histories do. Versions are written straight into the library's tables in
batches (one transaction per batch) with the same indexing call
``Library.add_version`` makes; this is a benchmark, not an import path.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from policyviewer.core.library import Library
from policyviewer.core.library import search as search_index
from policyviewer.core.library.search import search
from policyviewer.core.model import Document, HeadingMark

REPO = Path(__file__).resolve().parent.parent

QUERIES = [
    "biometric",
    "cookies",
    "information",
    "data",
    "retention",
    '"personal information"',
    '"we do not sell"',
    '"third parties"',
    '"legitimate interests"',
    "advert*",
    "biometr*",
    "geoloc*",
    "sell OR share",
    "cookies NOT analytics",
    "(sell OR rent) personal",
    "children AND consent",
    '"data protection officer"',
    "arbitration",
    "zyxwvut",
    "email address",
]

_SENTENCE = re.compile(r"[A-Z][^.\n]{40,200}\.")
_PERIOD = re.compile(r"\b(\d{1,3}) (days|months|years)\b")
_MODAL = re.compile(r"\b(may|will)\b")
_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November"
    r"|December) \d{1,2}, (20\d\d)\b"
)


def load(path: Path) -> tuple[str, str, Document]:
    from policyviewer.core.importers import load_file

    return path.parent.name, path.stem[:10], load_file(path)


def edit(doc: Document, rng: random.Random, donors: list[str], day: str) -> Document:
    """A few small edits of ``doc``; heading marks are moved with the text."""
    text, marks = doc.text, list(doc.headings)

    def splice(start: int, end: int, new: str) -> None:
        nonlocal text, marks
        if any(m.start < end and start < m.end for m in marks):
            return  # never edit inside a heading
        delta = len(new) - (end - start)
        text = text[:start] + new + text[end:]
        marks = [
            HeadingMark(m.start + delta, m.end + delta, m.level) if m.start >= end else m
            for m in marks
        ]

    for _ in range(rng.randint(1, 3)):
        kind = rng.random()
        if kind < 0.4:  # insert a sentence taken from another policy
            spots = [m.end() for m in re.finditer(r"\.(?= [A-Z])", text)]
            if spots:
                at = rng.choice(spots)
                splice(at, at, " " + rng.choice(donors))
        elif kind < 0.6:  # drop a sentence
            found = list(_SENTENCE.finditer(text))
            if found:
                m = rng.choice(found)
                splice(m.start(), m.end() + (text[m.end() : m.end() + 1] == " "), "")
        elif kind < 0.8:  # change a period
            found = list(_PERIOD.finditer(text))
            if found:
                m = rng.choice(found)
                splice(m.start(1), m.end(1), str(int(m.group(1)) + rng.randint(1, 24)))
        else:  # may <-> will
            found = list(_MODAL.finditer(text))
            if found:
                m = rng.choice(found)
                splice(m.start(), m.end(), "will" if m.group() == "may" else "may")
    found = _DATE.search(text)
    if found:
        y, mo, d = day.split("-")
        months = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]  # fmt: skip
        splice(found.start(), found.end(), f"{months[int(mo) - 1]} {int(d)}, {y}")
    return Document(text=text, fmt=doc.fmt, headings=tuple(marks), title=doc.title)


def white_label(doc: Document, service: str, brand: str) -> Document:
    """The document with the service's name replaced by ``brand`` (same length: marks stay)."""
    pattern = re.compile(re.escape(service), re.IGNORECASE)
    padded = (brand + "x" * len(service))[: len(service)]
    return Document(
        pattern.sub(padded.capitalize(), doc.text), doc.fmt, doc.headings, None, doc.title
    )


def prepare(item: tuple[int, str, Document]) -> tuple:
    """CPU work for one version, done in worker processes: hash, compress, sections."""
    number, day, doc = item
    data = doc.text.encode("utf-8")
    return (
        number,
        day,
        doc,
        hashlib.sha256(data).hexdigest(),
        zlib.compress(data, 9),
        search_index.sections_of(doc),
    )


def build(lib: Library, docs, target: int, seed: int, workers: int) -> dict:
    rng = random.Random(seed)
    by_service: dict[str, list[tuple[str, Document]]] = {}
    for service, day, doc in docs:
        by_service.setdefault(service, []).append((day, doc))
    donors = [m.group() for _, _, d in docs for m in _SENTENCE.finditer(d.text)][::7]
    services = sorted(by_service)
    per_policy = 25
    clones = -(-target // (per_policy * len(services)))
    plans = []  # (policy name, [(day, doc)])
    for c in range(clones):
        for service in services:
            real = sorted(by_service[service], key=lambda x: x[0])
            brand = f"{service[:4]}{c:03d}"
            versions = []
            for i in range(per_policy):
                k = min(i * len(real) // per_policy, len(real) - 1)
                year = 2015 + i // 3
                day = f"{year}-{(i % 3) * 4 + 1:02d}-{rng.randint(1, 28):02d}"
                if i and k == min((i - 1) * len(real) // per_policy, len(real) - 1):
                    doc = edit(versions[-1][1], rng, donors, day)
                else:
                    doc = white_label(real[k][1], service, brand)
                versions.append((day, doc))
            plans.append((f"{service} {c:03d}", versions))
    plans = plans[: -(-target // per_policy) + 20]  # a few spare: duplicate edits are skipped
    stored = 0
    raw = 0
    t0 = time.perf_counter()
    now = "2026-01-01T00:00:00+00:00"
    with ProcessPoolExecutor(workers) as pool:
        for name, versions in plans:
            items = list(pool.map(prepare, [(i, d, doc) for i, (d, doc) in enumerate(versions)]))
            with lib._write() as conn:
                pid = conn.execute(
                    "INSERT INTO policies (name, created_at) VALUES (?, ?)", (name, now)
                ).lastrowid
                seen: set[str] = set()
                for _, day, doc, sha, blob, sections in items:
                    if stored >= target:
                        break
                    if sha in seen:  # an edit that changed nothing
                        continue
                    seen.add(sha)
                    conn.execute(
                        "INSERT OR IGNORE INTO texts (sha256, text, words, chars) VALUES (?,?,?,?)",
                        (sha, blob, len(doc.text.split()), len(doc.text)),
                    )
                    headings = json.dumps([[h.start, h.end, h.level] for h in doc.headings])
                    vid = conn.execute(
                        "INSERT OR IGNORE INTO versions (policy_id, sha256, date, source_format, "
                        "title, headings, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (pid, sha, day, doc.fmt, doc.title, headings, now),
                    ).lastrowid
                    search_index.index_version(conn, vid, doc.text, sections)
                    stored += 1
                    raw += len(doc.text.encode("utf-8"))
            if stored >= target:
                break
    return {"versions": stored, "raw_bytes": raw, "seconds": time.perf_counter() - t0}


def measure_existing(lib: Library) -> dict:
    """Versions and raw text size of a library built by an earlier run (--reuse)."""
    rows = lib.db.execute(
        "SELECT t.text, count(v.id) FROM texts t JOIN versions v ON v.sha256 = t.sha256 "
        "GROUP BY t.sha256"
    ).fetchall()
    raw = sum(len(zlib.decompress(blob)) * n for blob, n in rows)
    return {"versions": sum(n for _, n in rows), "raw_bytes": raw, "seconds": None}


def time_queries(lib: Library, queries, repeat: int, **kw) -> tuple[list[float], dict[str, int]]:
    times: list[float] = []
    counts: dict[str, int] = {}
    for q in queries:
        search(lib, q, **kw)  # warm the page cache once
        for _ in range(repeat):
            t0 = time.perf_counter()
            hits = search(lib, q, **kw)
            times.append((time.perf_counter() - t0) * 1000)
        counts[q] = len(hits)
    return times, counts


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def table_sizes(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        pass
    conn.close()
    groups: dict[str, int] = {}
    for name, size in rows:
        key = "search_fts (FTS5 index)" if name.startswith("search_fts") else name
        if name.startswith(("sqlite_autoindex_texts", "texts")):
            key = "texts"
        elif name.startswith(("search_sections", "sqlite_autoindex_search_sections")):
            key = "search_sections"
        elif name.startswith(("search_passages", "sqlite_autoindex_search_passages")):
            key = "search_passages"
        groups[key] = groups.get(key, 0) + size
    return dict(sorted(groups.items(), key=lambda kv: -kv[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--versions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build the library here and keep it")
    parser.add_argument("--out", type=Path, help="write a Markdown report here")
    parser.add_argument(
        "--reuse", action="store_true", help="time the library at --keep instead of building it"
    )
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*/*.md"))
    if not files:
        print(f"no corpus files under {args.corpus}", file=sys.stderr)
        return 1
    reuse = args.reuse and args.keep is not None and args.keep.exists()
    docs, t_load = [], 0.0
    if not reuse:
        t0 = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            docs = list(pool.map(load, files, chunksize=4))
        t_load = time.perf_counter() - t0
        print(f"loaded {len(docs)} corpus files in {t_load:.1f} s", file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "library.sqlite"
        lib = Library.open(db)
        if reuse:
            built = measure_existing(lib)
        else:
            built = build(lib, docs, args.versions, seed=11, workers=args.workers)
            print(
                f"built {built['versions']} versions in {built['seconds']:.0f} s", file=sys.stderr
            )
        lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        lib.close()
        size = db.stat().st_size
        sizes = table_sizes(db)
        lib = Library.open(db)
        index = search_index.index_size(lib)
        distinct = lib.db.execute("SELECT count(*) FROM texts").fetchone()[0]
        policies = len(lib.policies())
        modes = {
            "latest version of each policy (default)": {},
            "--all-versions": {"all_versions": True},
            "--policy P (latest)": {"policy": lib.policies()[7].name},
            "--policy P --all-versions": {"policy": lib.policies()[7].name, "all_versions": True},
        }
        results = {}
        for label, kw in modes.items():
            times, counts = time_queries(lib, QUERIES, args.repeat, **kw)
            results[label] = (times, counts)
            print(f"{label}: median {statistics.median(times):.1f} ms, p95 {p95(times):.1f} ms",
                  file=sys.stderr)  # fmt: skip
        slowest = sorted(
            ((statistics.median(time_queries(lib, [q], args.repeat)[0]), q) for q in QUERIES),
            reverse=True,
        )[:3]
        lib.close()

    mb = 1e6
    if built["seconds"] is None:
        build_row = "built by an earlier run of this command (--keep), reused (--reuse)"
    else:
        per_version = built["seconds"] / built["versions"] * 1000
        build_row = f"{built['seconds']:.0f} s ({per_version:.1f} ms/version)"
    lines = [
        "# Search: latency and size on a library of 10,000 versions",
        "",
        f"Command: `.venv/bin/python bench/search_bench.py {' '.join(sys.argv[1:])}`",
        "",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}. MB = 10^6 bytes. Latency is `search()` as the CLI "
        "and the app call it (FTS5 query, ranking, filtering, snippets cut from the "
        f"decompressed text), {args.repeat} runs of each of {len(QUERIES)} queries after "
        "one warm-up run, default limit 20.",
        "",
        "## Library",
        "",
        "| measure | value |",
        "|---|---|",
        f"| versions / policies | {built['versions']:,} / {policies} |",
        f"| distinct texts | {distinct:,} |",
        f"| raw text of all versions (UTF-8) | {built['raw_bytes'] / mb:.1f} MB |",
        f"| library file | {size / mb:.1f} MB ({size / built['raw_bytes']:.1%} of the raw text) |",
        f"| sections indexed (version x section) | {index['sections']:,} |",
        f"| distinct sections in the FTS index | {index['passages']:,} |",
        f"| build (prepare in {args.workers} processes + insert + index) | {build_row} |",
        "",
    ]
    if sizes:
        lines += ["Where the bytes are (dbstat):", "", "| table | MB |", "|---|---|"]
        lines += [f"| {k} | {v / mb:.1f} |" for k, v in sizes.items() if v > 50_000]
        lines.append("")
    lines += [
        "## Query latency (ms)",
        "",
        "| scope | median | p95 | max |",
        "|---|---|---|---|",
    ]
    for label, (times, _) in results.items():
        lines.append(
            f"| {label} | {statistics.median(times):.1f} | {p95(times):.1f} | {max(times):.1f} |"
        )
    lines += ["", "Median per query (ms):", "", "| query | " + " | ".join(modes) + " |"]
    lines.append("|---" * (len(modes) + 1) + "|")
    for i, q in enumerate(QUERIES):
        cells = [
            f"{statistics.median(results[m][0][i * args.repeat : (i + 1) * args.repeat]):.1f}"
            for m in modes
        ]
        lines.append(f"| `{q}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Slowest queries (median, latest-version scope): "
        + ", ".join(f"`{q}` {t:.1f} ms" for t, q in slowest),
        "",
        "Queries: " + ", ".join(f"`{q}`" for q in QUERIES) + ".",
        "",
        "Results per query (latest scope / all versions): "
        + ", ".join(
            f"`{q}` {results[next(iter(modes))][1][q]}/{results['--all-versions'][1][q]}"
            for q in QUERIES
        )
        + ".",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
