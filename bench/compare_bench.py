"""Speed of the comparison engine on the corpus's largest real version pairs.

Times, in one run, for each pair:
- ``compare_texts`` in-process, as the app calls it (outline + pairing + word
  diff + insights), and the engine alone (the same without insights);
- ``git diff --no-index --word-diff=porcelain`` as a whole process;
- a plain difflib word-level diff (SequenceMatcher over whitespace-split words);
- the diff library alone on the whole documents as one word-token sequence
  (one flat diff, no two-stage): fast-diff-match-patch (C++);
- fast-diff-match-patch vs diff-match-patch (pure Python) on the first
  ``--lib-tokens`` word tokens of each version (the pure-Python library needs
  about a minute for 10,000 tokens, so whole documents are out of reach), and
  RapidFuzz's bit-parallel LCS (what the engine now uses for changed blocks) on
  the same tokens.

Every timed run starts with the engine's memo caches emptied (a first comparison).

Run: .venv/bin/python bench/compare_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from diff_match_patch import diff_match_patch  # noqa: E402
from fast_diff_match_patch import diff as fast_diff  # noqa: E402
from rapidfuzz.distance import Indel  # noqa: E402

from policyviewer.core import normalize  # noqa: E402
from policyviewer.core.compare import compare_outlines, compare_texts  # noqa: E402
from policyviewer.core.importers import load_file  # noqa: E402
from policyviewer.core.normalize import tokenize  # noqa: E402
from policyviewer.core.outline import parse_outline  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
PAIRS = [  # the largest pair by size, then the largest documents' largest-change pairs
    ("dailymotion", "2024-06-12.md", "2025-02-21.md"),
    ("vinted", "2021-08-16.md", "2021-10-11.md"),
    ("dailymotion", "2021-02-15.md", "2021-03-22.md"),
    ("google", "2023-10-31.md", "2023-11-16.md"),
    ("forbes", "2023-05-09.md", "2023-06-28.md"),
    ("roblox", "2023-07-01.md", "2023-08-01.md"),
]


def clear_caches() -> None:
    """Empty the engine's memo caches, so every timed run is a first comparison
    (a repeat would otherwise reuse the previous run's dates, sentences, tokens)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("policyviewer.core"):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
    normalize._TOKEN_INFO.clear()


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        clear_caches()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def git_word_diff(a: Path, b: Path) -> None:
    subprocess.run(
        ["git", "diff", "--no-index", "--word-diff=porcelain", str(a), str(b)],
        stdout=subprocess.DEVNULL,
        check=False,
    )


def difflib_words(old: str, new: str) -> None:
    difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False).get_opcodes()


def token_strings(old: str, new: str) -> tuple[str, str]:
    """Both texts as one character per word token (the lines-to-chars trick)."""
    codes: dict[str, str] = {}
    out = []
    for text in (old, new):
        keys = tokenize(text).keys
        out.append("".join(codes.setdefault(k, chr(0x100 + len(codes))) for k in keys))
    return out[0], out[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best kept)")
    parser.add_argument("--lib-tokens", type=int, default=3000,
                        help="tokens per side for the library comparison")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # same setting as the app: no time limit, deterministic
    header = (
        f"{'pair':12} {'old KB':>7} {'new KB':>7} {'compare':>8} {'engine':>7} {'git':>6} "
        f"{'difflib':>8} {'flat':>7} {'cmp/git':>8} {'eng/git':>8} "
        f"{'difflib/eng':>11} {'flat/eng':>9} {'fdmp':>7} {'dmp-py':>8} {'py/fdmp':>8} "
        f"{'lcs':>7} {'fdmp/lcs':>8}"
    )
    print(header)
    ratios = []
    for service, a, b in PAIRS:
        pa, pb = CORPUS / service / a, CORPUS / service / b
        da, db = load_file(pa), load_file(pb)
        old, new = da.text, db.text
        t_cmp = best_of(
            lambda old=old, new=new, da=da, db=db: compare_texts(
                old, new, old_headings=da.headings, new_headings=db.headings
            ),
            args.repeat,
        )
        t_eng = best_of(
            lambda old=old, new=new, da=da, db=db: compare_outlines(
                old, parse_outline(old, da.headings), new, parse_outline(new, db.headings),
                insights=False,
            ),
            args.repeat,
        )  # fmt: skip
        t_git = best_of(lambda pa=pa, pb=pb: git_word_diff(pa, pb), args.repeat)
        t_difflib = best_of(lambda old=old, new=new: difflib_words(old, new), 1)
        sa, sb = token_strings(old, new)
        t_flat = best_of(lambda sa=sa, sb=sb: fast_diff(sa, sb, timelimit=0, cleanup="No"), 1)
        sa, sb = sa[: args.lib_tokens], sb[: args.lib_tokens]
        t_fast = best_of(lambda sa=sa, sb=sb: fast_diff(sa, sb, timelimit=0, cleanup="No"), 1)
        t_py = best_of(lambda sa=sa, sb=sb: dmp.diff_main(sa, sb, False), 1)
        t_lcs = best_of(lambda sa=sa, sb=sb: Indel.opcodes(sa, sb), args.repeat)
        ratios.append((t_cmp / t_git, t_eng / t_git))
        print(
            f"{service:12} {len(pa.read_bytes()) / 1024:7.1f} {len(pb.read_bytes()) / 1024:7.1f} "
            f"{t_cmp * 1000:7.0f}ms {t_eng * 1000:5.0f}ms {t_git * 1000:4.0f}ms "
            f"{t_difflib * 1000:6.0f}ms {t_flat * 1000:5.0f}ms "
            f"{t_cmp / t_git:7.1f}x {t_eng / t_git:7.1f}x {t_difflib / t_eng:10.1f}x "
            f"{t_flat / t_eng:8.1f}x {t_fast * 1000:5.0f}ms {t_py * 1000:6.0f}ms "
            f"{t_py / t_fast:7.1f}x {t_lcs * 1000:5.1f}ms {t_fast / t_lcs:7.1f}x"
        )
    print(
        f"median compare/git {statistics.median(r[0] for r in ratios):.1f}x, "
        f"engine/git {statistics.median(r[1] for r in ratios):.1f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
