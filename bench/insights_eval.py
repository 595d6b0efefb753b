"""Precision and recall of fact extraction and of insights, against hand labels.

Usage: .venv/bin/python bench/insights_eval.py [--verbose | --speed | --cpu | --cpu-wide]

Extraction: tests/fixtures/facts/*.json (one labelled policy each; facts are
compared per document as sets of (kind, normalised value); commitments match
when their normalised wording is similar). Insights: the version pairs in
tests/fixtures/facts/pairs/*.json (made from the seeds, or real corpus pairs
whose true insights were read off the diff); an insight matches a label of
the same kind with the same value (or old/new).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "core"))
sys.path.insert(0, str(REPO / "tests"))

from policyviewer.core.insights import extract_facts  # noqa: E402
from policyviewer.core.insights.commitments import commitment_key, same_commitment  # noqa: E402
from policyviewer.core.insights.facts import Fact  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "facts"
SHARED = REPO.parent / "shared"


def resolve(source: str) -> Path:
    if source.startswith("corpus/"):
        return SHARED / source
    return REPO / source


def load_policy(source: str) -> tuple[str, object]:
    """(text, outline) of a labelled file, through the importers and outline parser."""
    from policyviewer.core.importers import load_file
    from policyviewer.core.outline import outline_of

    doc = load_file(resolve(source))
    return doc.text, outline_of(doc)


def eval_key(kind: str, value: str) -> str:
    if kind == "contact" and "@" not in value:
        return " ".join(re.findall(r"[a-z0-9]+", value.lower())[:3])
    return Fact(kind, value, None, None, 0, 0).key


def _match_commitments(pred: list[str], gold: list[str]) -> int:
    pk = list(dict.fromkeys(commitment_key(p) for p in pred))
    gk = list(dict.fromkeys(commitment_key(g) for g in gold))
    pairs = sorted(((same_commitment(a, b), i, j) for i, a in enumerate(pk)
                    for j, b in enumerate(gk)), reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    for score, i, j in pairs:
        if score < 0.5:
            break
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return len(used_p), len(pk), len(gk)


def score_document(label: dict, verbose: bool) -> dict[str, list[int]]:
    text, outline = load_policy(label["source"])
    facts = extract_facts(text, outline)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, predicted, gold
    gold_by_kind: dict[str, list[str]] = defaultdict(list)
    for f in label["facts"]:
        gold_by_kind[f["kind"]].append(f["value"])
    pred_by_kind: dict[str, list[str]] = defaultdict(list)
    for f in facts:
        pred_by_kind[f.kind].append(f.value)
    for kind in set(gold_by_kind) | set(pred_by_kind):
        pred, gold = pred_by_kind.get(kind, []), gold_by_kind.get(kind, [])
        if kind == "commitment":
            tp, np_, ng = _match_commitments(pred, gold)
            missing = [g for g in gold if all(same_commitment(commitment_key(g),
                       commitment_key(p)) < 0.5 for p in pred)]
            extra = [p for p in pred if all(same_commitment(commitment_key(g),
                     commitment_key(p)) < 0.5 for g in gold)]
        else:
            pk = {eval_key(kind, v): v for v in pred}
            gk = {eval_key(kind, v): v for v in gold}
            tp, np_, ng = len(pk.keys() & gk.keys()), len(pk), len(gk)
            missing = [gk[k] for k in gk.keys() - pk.keys()]
            extra = [pk[k] for k in pk.keys() - gk.keys()]
        c = counts[kind]
        c[0] += tp
        c[1] += np_
        c[2] += ng
        if verbose and (missing or extra):
            print(f"  {label['source']} [{kind}] missed={missing} extra={extra}")
    return counts


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float]:
    return (tp / npred if npred else 1.0), (tp / ngold if ngold else 1.0)


def table(totals: dict[str, list[int]], title: str) -> list[str]:
    lines = [f"| {title} | labelled | found | correct | precision | recall |",
             "|---|---:|---:|---:|---:|---:|"]
    all_ = [0, 0, 0]
    for kind in sorted(totals):
        tp, npred, ngold = totals[kind]
        p, r = prf(tp, npred, ngold)
        lines.append(f"| {kind} | {ngold} | {npred} | {tp} | {p:.2f} | {r:.2f} |")
        all_ = [all_[0] + tp, all_[1] + npred, all_[2] + ngold]
    p, r = prf(*all_)
    lines.append(f"| **overall** | {all_[2]} | {all_[1]} | {all_[0]} | **{p:.2f}** | **{r:.2f}** |")
    return lines


def eval_extraction(verbose: bool, prefix: str = "", title: str = "") -> list[str]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    files = [p for p in sorted(FIXTURES.glob(f"{prefix}*.json"))
             if prefix or not p.name.startswith("holdout")]
    for path in files:
        label = json.loads(path.read_text(encoding="utf-8"))
        for kind, c in score_document(label, verbose).items():
            for i in range(3):
                totals[kind][i] += c[i]
    head = (f"{title}Fact extraction over {len(files)} labelled policies "
            "(unique facts per document):")
    return [head, "", *table(totals, "fact kind")]


def insight_matches(ins, gold: dict) -> bool:
    if ins.kind != gold["kind"]:
        return False
    for key in ("value", "old", "new"):
        if key in gold and (getattr(ins, key) or "").strip().lower() != gold[key].strip().lower():
            similar = same_commitment(commitment_key(ins.value or ""), commitment_key(gold[key]))
            if ins.kind.startswith("commitment") and key == "value" and similar >= 0.5:
                continue
            return False
    return True


def eval_insights(verbose: bool, prefix: str = "", title: str = "") -> list[str]:
    from test_insights_pairs import build_pair  # tests/core/test_insights_pairs.py

    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    pair_files = [p for p in sorted((FIXTURES / "pairs").glob(f"{prefix}*.json"))
                  if prefix or not p.name.startswith("holdout")]
    for path in pair_files:
        spec = json.loads(path.read_text(encoding="utf-8"))
        cmp = build_pair(spec)
        gold = list(spec["insights"])
        found = list(cmp.insights)
        used: set[int] = set()
        for ins in found:
            c = totals[ins.kind]
            c[1] += 1
            j = next((j for j, g in enumerate(gold) if j not in used and insight_matches(ins, g)),
                     None)
            if j is not None:
                used.add(j)
                c[0] += 1
            elif verbose:
                print(f"  {path.name}: unexpected {ins.kind}: {ins.text}")
        for j, g in enumerate(gold):
            totals[g["kind"]][2] += 1
            if verbose and j not in used:
                print(f"  {path.name}: missed {g}")
    return [f"{title}Insights over {len(pair_files)} version pairs:", "",
            *table(totals, "insight kind")]


def eval_speed(old: str = "vinted/2021-08-16.md", new: str = "vinted/2021-10-11.md") -> list[str]:
    """cProfile of one whole comparison: insights against the rest (the diff engine).

    The machine may be loaded, so compare the two shares of one run, not wall times."""
    import cProfile
    import pstats

    from policyviewer.core.compare import compare_documents
    from policyviewer.core.importers import load_file

    corpus = SHARED / "corpus"
    # Warm up on another pair (imports, regex cache), as in an app that has compared before.
    compare_documents(load_file(corpus / "twitch/2022-07-20.md"),
                      load_file(corpus / "twitch/2022-08-27.md"))
    a, b = load_file(corpus / old), load_file(corpus / new)
    prof = cProfile.Profile()
    prof.enable()
    cmp = compare_documents(a, b)
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt
    ins = next(v for k, v in stats.stats.items()  # type: ignore[attr-defined]
               if k[2] == "analyse" and k[0].endswith("insights/__init__.py"))
    return [f"{old} -> {new}: whole comparison {total:.2f} s under cProfile, "
            f"{stats.total_calls} calls; insights {ins[3]:.2f} s; rest (diff engine) "
            f"{total - ins[3]:.2f} s; {len(cmp.insights)} insights"]


def _clear_insight_caches() -> None:
    import importlib
    import pkgutil

    import policyviewer.core.insights as package

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


def eval_cpu(rounds: int = 9) -> list[str]:
    """CPU time of ``analyse`` alone, best of ``rounds``, every cache of the insights cleared
    before each round (a first comparison of the pair), on the largest pair and a few more."""
    import gc
    import time

    from policyviewer.core.compare import compare_texts
    from policyviewer.core.importers import load_file
    from policyviewer.core.insights import analyse

    out = []
    for old, new in (("vinted/2021-08-16.md", "vinted/2021-10-11.md"),
                     ("twitch/2022-07-20.md", "twitch/2022-08-27.md"),
                     ("tumblr/2024-05-09.md", "tumblr/2024-12-24.md")):
        a, b = load_file(SHARED / "corpus" / old), load_file(SHARED / "corpus" / new)
        cmp = compare_texts(a.text, b.text, old_headings=a.headings, new_headings=b.headings)
        best = float("inf")
        for _ in range(rounds):
            _clear_insight_caches()
            gc.collect()
            start = time.process_time()
            analyse(cmp)
            best = min(best, time.process_time() - start)
        out.append(f"{old} -> {new}: insights (analyse) {best * 1000:.1f} ms CPU, "
                   f"best of {rounds}, caches cleared")
    return out


WIDE_PAIRS = (("dailymotion", "2024-06-12", "2025-02-21"), ("vinted", "2021-08-16", "2021-10-11"),
              ("dailymotion", "2021-02-15", "2021-03-22"), ("google", "2023-10-31", "2023-11-16"),
              ("forbes", "2023-05-09", "2023-06-28"), ("roblox", "2023-07-01", "2023-08-01"),
              ("twitch", "2022-07-20", "2022-08-27"), ("tumblr", "2024-05-09", "2024-12-24"))


def eval_cpu_wide(rounds: int = 9) -> list[str]:
    """CPU time of ``analyse`` alone, best of ``rounds``, on compare_bench's pairs and two
    more, with every memo of policyviewer.core emptied first (compare_bench.clear_caches:
    the date finder's too, which --cpu leaves warm), then of the whole ``compare_texts``."""
    import gc
    import time

    sys.path.insert(0, str(REPO / "bench"))
    from compare_bench import clear_caches

    from policyviewer.core.compare import compare_texts
    from policyviewer.core.importers import load_file
    from policyviewer.core.insights import analyse

    out = []
    for svc, old, new in WIDE_PAIRS:
        a = load_file(SHARED / "corpus" / svc / f"{old}.md")
        b = load_file(SHARED / "corpus" / svc / f"{new}.md")

        def whole(a=a, b=b):
            return compare_texts(a.text, b.text, old_headings=a.headings, new_headings=b.headings)

        cmp = whole()
        best = {"analyse": float("inf"), "compare_texts": float("inf")}
        for _ in range(rounds):
            for name, fn in (("analyse", lambda cmp=cmp: analyse(cmp)), ("compare_texts", whole)):
                clear_caches()
                gc.collect()
                start = time.process_time()
                fn()
                best[name] = min(best[name], time.process_time() - start)
        out.append(f"{svc} {old} -> {new}: analyse {best['analyse'] * 1000:.1f} ms, "
                   f"compare_texts {best['compare_texts'] * 1000:.1f} ms (CPU, best of {rounds})")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true", help="print every miss and extra")
    ap.add_argument("--speed", action="store_true",
                    help="only profile the largest corpus pair (insights against the diff engine)")
    ap.add_argument("--cpu", action="store_true",
                    help="only time the insights (CPU, best of 9) on the largest pairs")
    ap.add_argument("--cpu-wide", action="store_true",
                    help="time analyse and compare_texts on 8 large pairs, all memos emptied")
    args = ap.parse_args()
    if args.cpu_wide:
        print("\n".join(eval_cpu_wide()))
        return
    if args.cpu:
        print("\n".join(eval_cpu()))
        return
    if args.speed:
        print("\n".join(eval_speed()))
        return
    out = ["Command: `.venv/bin/python bench/insights_eval.py`", ""]
    out += ["## Development set (rules were written and corrected against these)", ""]
    out += [*eval_extraction(args.verbose), ""]
    out += [*eval_insights(args.verbose), ""]
    out += ["## Held out, round 1 (labelled with the rules frozen; figures after the round-1 "
            "fixes; first measurement in bench/results_insights.md)", ""]
    out += [*eval_extraction(args.verbose, "holdout-"), ""]
    out += [*eval_insights(args.verbose, "holdout-"), ""]
    out += ["## Held out, round 2 (labelled after the round-1 fixes; figures after round-2 fixes)",
            ""]
    out += [*eval_insights(args.verbose, "holdout2-"), ""]
    out += ["## Held out, round 3 (labelled after the round-2 fixes; no fixes since)", ""]
    out += eval_insights(args.verbose, "holdout3-")
    print("\n".join(out))


if __name__ == "__main__":
    main()
