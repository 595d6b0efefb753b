"""Do the engine's word counts say what changed? Against one flat word diff.

For every pair of consecutive versions in the corpus, the words the comparison
counts as added + removed (section by section) against the same count from one
word diff of the whole texts (``worddiff.diff_texts``, no sections). Sections
cut differently in two versions (a heading added above text that stays) once
counted that text as removed and added again; moved sections still count twice
in both (so does the flat diff); the flat diff may also match words across
sections that the engine keeps apart. Prints the totals, the ratio, and the
pairs furthest apart both ways.

Run: .venv/bin/python bench/compare_counts.py [--top N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from policyviewer.core.compare import compare_documents  # noqa: E402
from policyviewer.core.importers import load_file  # noqa: E402
from policyviewer.core.worddiff import diff_texts  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=8, help="pairs furthest apart to list")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    rows = []
    for service in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        paths = sorted(service.glob("*.md"))
        docs = [load_file(p) for p in paths]
        for k in range(len(docs) - 1):
            (pa, a), (pb, b) = (paths[k], docs[k]), (paths[k + 1], docs[k + 1])
            cmp = compare_documents(a, b)
            flat = diff_texts(a.text, b.text)
            engine = cmp.stats.words_added + cmp.stats.words_removed
            rows.append(
                (
                    engine,
                    flat.words_added + flat.words_removed,
                    f"{service.name} {pa.stem} -> {pb.stem}",
                    cmp.stats.words_moved,
                )
            )
    engine_total = sum(r[0] for r in rows)
    flat_total = sum(r[1] for r in rows)
    print(
        f"{len(rows)} pairs: engine counts {engine_total:,} words added + removed, "
        f"one flat diff {flat_total:,} ({engine_total / flat_total:.3f}x)"
    )
    by_gap = sorted(rows, key=lambda r: r[0] - r[1])
    for title, chosen in (
        ("engine counts more", by_gap[::-1][: args.top]),
        ("engine counts fewer", by_gap[: args.top]),
    ):
        print(f"\n{title}:\n{'pair':48} {'engine':>8} {'flat':>8} {'moved':>7}")
        for engine, flat, name, moved in chosen:
            print(f"{name:48} {engine:8,} {flat:8,} {moved:7,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
