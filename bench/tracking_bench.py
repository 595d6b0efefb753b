"""Web tracking and OTA import figures (local only: a server on 127.0.0.1, repos in tmp).

    .venv/bin/python bench/tracking_bench.py [--services N]

1. Extraction: each corpus policy (latest version) is rendered to HTML and wrapped in
   site chrome (header, menu, cookie banner, sidebar, footer; once with semantic tags,
   once with plain <div>s). We measure how many of the policy's words the extracted
   text keeps (recall), how many chrome phrases leak in, and heading recall, for the
   automatic extraction (extract.py) and for the importers' own HTML cleaning alone.
2. OTA import: a git repository with every corpus version as a commit (dated), imported
   once and then again.
3. check: every corpus policy tracked on a local server, checked unchanged, then changed.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from web_server import LocalSite  # noqa: E402

from policyviewer.core.config import Config  # noqa: E402
from policyviewer.core.extract import extract_policy  # noqa: E402
from policyviewer.core.importers import load_bytes  # noqa: E402
from policyviewer.core.library import Library  # noqa: E402
from policyviewer.core.library.tracking import track  # noqa: E402
from policyviewer.core.normalize import tokenize  # noqa: E402
from policyviewer.core.ota import import_ota  # noqa: E402
from policyviewer.core.tracker import check_policies  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
MD = MarkdownIt("commonmark").enable("table")
CHROME_PHRASES = (
    "Sign in to your workspace", "Pricing and plans", "Accept all cookies",
    "Manage cookie preferences", "Trending articles this week", "Subscribe to our newsletter",
    "Copyright 2025 Example Holdings", "Download the mobile app", "Investor relations",
)
SEMANTIC = """<!doctype html><html><head><title>{title}</title></head><body>
<header><a href="/">Home</a> <a href="/login">Sign in to your workspace</a>
<a href="/pricing">Pricing and plans</a></header>
<nav><ul><li><a href="/a">Investor relations</a></li><li><a href="/b">Careers</a></li></ul></nav>
<div id="onetrust-banner-sdk">We use cookies. <button>Accept all cookies</button>
<a href="#">Manage cookie preferences</a></div>
<main>{body}</main>
<aside><h3>Trending articles this week</h3><p>Five ways to stay productive.</p></aside>
<footer><p>Subscribe to our newsletter</p><p>Copyright 2025 Example Holdings</p>
<p><a href="/app">Download the mobile app</a></p></footer></body></html>"""
DIVS = """<!doctype html><html><head><title>{title}</title></head><body>
<div class="top-bar"><a href="/">Home</a> <a href="/login">Sign in to your workspace</a>
<a href="/pricing">Pricing and plans</a> <a href="/a">Investor relations</a></div>
<div class="cookie-consent-popup">We use cookies. <button>Accept all cookies</button>
<a href="#">Manage cookie preferences</a></div>
<div class="page"><div class="content">{body}</div>
<div class="sidebar"><div class="widget-title">Trending articles this week</div>
<ul><li><a href="/x">Five ways to stay productive</a></li></ul></div></div>
<div class="bottom"><div>Subscribe to our newsletter</div><div>Copyright 2025 Example Holdings</div>
<div><a href="/app">Download the mobile app</a></div></div></body></html>"""


def words(text: str) -> list[str]:
    t = tokenize(text)
    return [k for k, kind in zip(t.keys, t.kinds, strict=True) if kind == "w"]


def recall(reference: list[str], got: list[str]) -> float:
    sm = difflib.SequenceMatcher(None, reference, got, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / max(1, len(reference))


def extraction(services: list[Path]) -> None:
    print("## Extraction of the policy from a page with site chrome\n")
    print(f"{len(services)} corpus policies (latest version), each wrapped two ways.\n")
    print("| wrapper | method | word recall (mean / min) | chrome phrases leaked "
          "(pages with any) | heading recall (mean) | ms per page (mean) |")
    print("|---|---|---|---|---|---|")
    for name, template in (("semantic tags", SEMANTIC), ("plain divs", DIVS)):
        rows = {"extract.py (trafilatura + fallback)": [], "importers' HTML cleaning only": []}
        methods: dict[str, int] = {}
        for folder in services:
            md = sorted(folder.glob("*.md"))[-1].read_bytes()
            ref = load_bytes(md, "p.md")
            ref_words = words(ref.text)
            ref_heads = [" ".join(ref.text[h.start:h.end].split()) for h in ref.headings]
            page = template.format(title=folder.name, body=MD.render(md.decode("utf-8")))
            for label in rows:
                start = time.perf_counter()
                if label.startswith("extract"):
                    found = extract_policy(page.encode(), f"https://{folder.name}.test/privacy",
                                           content_type="text/html")
                    doc = found.doc
                    methods[found.method] = methods.get(found.method, 0) + 1
                else:
                    doc = load_bytes(page.encode(), "page.html")
                ms = (time.perf_counter() - start) * 1000
                heads = {" ".join(doc.text[h.start:h.end].split()) for h in doc.headings}
                rows[label].append((
                    recall(ref_words, words(doc.text)),
                    sum(p in doc.text for p in CHROME_PHRASES),
                    sum(h in heads for h in ref_heads) / len(ref_heads) if ref_heads else 1.0,
                    ms,
                ))
        for label, vals in rows.items():
            n = len(vals)
            rec = [v[0] for v in vals]
            leaked_pages = sum(1 for v in vals if v[1])
            print(f"| {name} | {label} | {sum(rec) / n:.3f} / {min(rec):.3f} | "
                  f"{sum(v[1] for v in vals)} ({leaked_pages} of {n}) | "
                  f"{sum(v[2] for v in vals) / n:.3f} | {sum(v[3] for v in vals) / n:.0f} |")
        print(f"\nextract.py methods used ({name}): {methods}\n")


def git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@b"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)


def ota_import(services: list[Path], tmp: Path) -> None:
    print("## import-ota of a versions repository built from the corpus\n")
    rows = [line.split("\t") for line in (CORPUS / "MANIFEST.tsv").read_text().splitlines()[1:]]
    wanted = {s.name for s in services}
    rows = sorted((r for r in rows if r[1].split("/")[0] in wanted), key=lambda r: r[5])
    repo = tmp / "versions"
    repo.mkdir()
    git(repo, "init", "-q")
    for service, file, _repo, source_path, _commit, date, _size in rows:
        target = repo / source_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((CORPUS / file).read_bytes())
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"Record {service}", date=date)
    # One technical re-extraction per document: trailing spaces and an extra blank line.
    for doc in sorted(repo.glob("*/*.md")):
        doc.write_text(doc.read_text().replace("\n\n", "\n  \n\n", 3))
    git(repo, "commit", "-qam", "Technical upgrade", date="2026-09-01T00:00:00Z")
    commits = len(rows) + 1
    upgraded = subprocess.run(["git", "-C", str(repo), "show", "--name-only", "--format=", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.split("\n")
    upgraded = [f for f in upgraded if f]
    with Library.open(tmp / "ota.sqlite") as lib:
        start = time.perf_counter()
        first = import_ota(lib, repo)
        t1 = time.perf_counter() - start
        start = time.perf_counter()
        second = import_ota(lib, repo)
        t2 = time.perf_counter() - start
    added = sum(r.added for r in first)
    noise = sum(r.noise for r in first)
    print(f"- repository: {len(first)} documents, {commits} commits, "
          f"{len(rows) + len(upgraded)} file versions ({len(upgraded)} in the upgrade commit)")
    print(f"- first import: {t1:.1f} s, {added} versions added, {noise} skipped as noise "
          f"(the technical-upgrade commit), {sum(len(r.failed) for r in first)} failed")
    print(f"- second import: {t2:.2f} s, {sum(r.added for r in second)} added, "
          f"{sum(r.known for r in second)} known sources skipped without reading\n")


def check_run(services: list[Path], tmp: Path) -> None:
    print("## check of tracked policies served by a local server\n")
    config = Config(http_timeout_s=10)
    with LocalSite() as site, Library.open(tmp / "check.sqlite") as lib:
        for folder in services:
            versions = sorted(folder.glob("*.md"))
            old, new = versions[-2].read_text(), versions[-1].read_text()
            site.serve(f"/{folder.name}", SEMANTIC.format(title=folder.name, body=MD.render(old)),
                       SEMANTIC.format(title=folder.name, body=MD.render(new)))
            found = extract_policy(SEMANTIC.format(title=folder.name, body=MD.render(old)).encode(),
                                   site.url(f"/{folder.name}"), content_type="text/html")
            added = lib.add_version(folder.name, found.doc, source=site.url(f"/{folder.name}"))
            track(lib, added.policy, site.url(f"/{folder.name}"))
            site.requests.clear()
        for label in ("unchanged (same page)", "changed (next corpus version)"):
            start = time.perf_counter()
            results = check_policies(lib, (), config)
            took = time.perf_counter() - start
            statuses = {s: sum(r.status == s for r in results) for s in
                        ("unchanged", "changed", "error")}
            print(f"- {label}: {len(results)} policies in {took:.1f} s "
                  f"({took / len(results) * 1000:.0f} ms each): {statuses}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=0, help="only the first N services")
    args = parser.parse_args()
    services = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    if args.services:
        services = services[: args.services]
    with tempfile.TemporaryDirectory() as tmp:
        extraction(services)
        ota_import(services, Path(tmp))
        check_run(services, Path(tmp))


if __name__ == "__main__":
    main()
