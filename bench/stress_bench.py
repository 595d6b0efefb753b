"""Time growth of the Qt-free core on adversarial inputs: runs each shape (a long line,
a run of one character, thousands of headings, deep HTML, many dates...) at doubling
sizes through import, outline, facts, dates, compare (against a real policy and against
a copy with every other line reversed) and the three reports, and prints the worst time
and the worst growth per doubling of each (about 2x is linear, 4x quadratic).

Each shape runs in its own process with a time limit, so a hang shows as "timeout".
Session 7 fixed every shape that grew faster than linear to seconds (bench/RESULTS.md).

Run: .venv/bin/python bench/stress_bench.py [--sizes 10000,20000,40000] [--only SHAPE...]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus"
REAL_FILE = CORPUS / "discord" / "2025-09-01.md"
SAMPLE = REPO / "resources" / "samples" / "jestor.txt"
REAL = (REAL_FILE if REAL_FILE.exists() else SAMPLE).read_text(encoding="utf-8")


WORDS = [
    "data", "personal", "information", "we", "collect", "use", "share", "partners", "service",
    "providers", "third", "parties", "cookies", "account", "retain", "delete", "request",
    "rights", "privacy", "policy", "processing", "legal", "basis", "consent", "marketing",
    "security", "transfer",
]

def rep(unit: str, n: int) -> str:
    """``unit`` repeated to ``n`` characters."""
    return (unit * (n // len(unit) + 1))[:n]

def words(n: int, seed: int = 1, sep: str = " ") -> str:
    """About ``n`` characters of policy words in a random order."""
    r = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < n:
        w = r.choice(WORDS)
        out.append(w)
        size += len(w) + 1
    return sep.join(out)

S: dict = {}
S["longline_nopunct"] = lambda n: words(n)
S["huge_sentence_commas"] = lambda n: "We " + words(n).replace("data ", "data, ") + "."
S["tiny_lines"] = lambda n: words(n, sep="\n")
S["numbered_headings"] = lambda n: (
    rep("".join(f"{i}. Heading {i}\nSome text about data.\n" for i in range(1, 4000)), n))
S["dotted_headings"] = lambda n: (
    rep("".join(f"{i//10}.{i%10} Heading\nText here.\n" for i in range(1, 9000)), n))
S["caps_headings"] = lambda n: (
    rep("".join(f"SECTION {w.upper()} {i}\nWe use data.\n" for i, w in enumerate(WORDS * 400)), n))
S["hash_headings"] = lambda n: (
    rep("".join(f"{'#' * (1 + i % 6)} Heading {i}\nText.\n" for i in range(20000)), n))
S["only_headings_numbered"] = lambda n: rep("".join(f"{i}. Title\n" for i in range(1, 20000)), n)
S["deep_nesting_md"] = lambda n: (
    rep("".join("  " * (i % 60) + f"- item {i}\n" for i in range(20000)), n))
S["deep_numbering"] = lambda n: (
    rep("".join(".".join(["1"] * (1 + i % 40)) + f" Heading {i}\ntext\n" for i in range(20000)), n))
_RUNS = [
    (".", "dots"), ("-", "dashes"), ("*", "stars"), ("@", "ats"), ("7", "digits"),
    ("(", "lparen"), ("[", "lbrack"), (" ", "spaces"), ("\t", "tabs"), ("\u00a0", "nbsp"),
    ("_", "underscores"), ("#", "hashes"), ("=", "equals"), ("|", "pipes"), ("/", "slashes"),
    ("'", "quotes"), (",", "commas"), ("\n", "newlines"), (":", "colons"), ("a", "letter_a"),
    ("A", "letter_A"), ("`", "backticks"), ("<", "lt"), ("&", "amp"), ("\\", "backslash"),
    ("\u2022", "bullets"), ("0", "zeros"),
]
for ch, name in _RUNS:
    S["run_" + name] = (lambda c: lambda n: "Intro text.\n" + c * n + "\nEnd.\n")(ch)
S["run_dot_space"] = lambda n: rep(". ", n)
S["run_b_dot"] = lambda n: rep("b.", n)
S["run_a_space"] = lambda n: rep("a ", n)
S["run_digit_dot"] = lambda n: rep("1.", n)
S["run_digit_space"] = lambda n: rep("1 ", n)
S["run_1_dot_space"] = lambda n: rep("1. ", n)
S["run_dash_space"] = lambda n: rep("- ", n)
S["run_star_space"] = lambda n: rep("* ", n)
S["run_caps_words"] = lambda n: rep("WORD ", n)
S["run_Cap_words"] = lambda n: rep("Word ", n)
S["run_Cap_Inc"] = lambda n: rep("Acme Data Inc ", n)
S["run_at_words"] = lambda n: rep("a@b ", n)
S["run_dotted_words"] = lambda n: rep("www.", n)
S["run_http"] = lambda n: "see https://" + rep("a.", n)
S["run_paren_words"] = lambda n: rep("(a) ", n)
S["run_days"] = lambda n: rep("30 days ", n)
S["run_years_or"] = lambda n: rep("2 years or ", n)
S["run_under_age"] = lambda n: rep("under 13 ", n)
S["run_section"] = lambda n: rep("Section 1.2.3 ", n)
S["long_word"] = lambda n: "Intro.\n" + rep("abcdefghij", n) + "\n"
S["last_updated"] = lambda n: rep("Last updated: January 5, 2024\n", n)
S["many_dates"] = lambda n: rep("On 2024-01-05 and March 3, 2023 and 05/06/2022 we changed. ", n)
S["many_dates_lines"] = lambda n: rep("Effective date: 2024-01-05\nVersion 3.2\n", n)
S["many_urls"] = lambda n: rep("Visit https://example.com/a/b?c=d and http://x.org/privacy. ", n)
S["many_emails"] = lambda n: rep("Contact privacy@example.com or dpo@acme.co.uk. ", n)
S["many_addresses"] = lambda n: (
    rep("Acme Inc., 123 Main Street, Suite 4, San Francisco, CA 94105, USA. ", n))
S["many_companies"] = lambda n: (
    rep("We share with Google LLC, Meta Platforms Inc., Amazon Web Services and Stripe Ltd. ", n))
S["repeated_policy"] = lambda n: rep(REAL, n)
S["md_emphasis"] = lambda n: rep("**bold *em _u ", n)
S["md_emphasis2"] = lambda n: "*" + rep("a*", n)
S["md_links"] = lambda n: rep("[a](http://x) [b][r] ", n)
S["md_linkdefs"] = lambda n: rep("[ref{i}]: http://example.com/x\n", n)
S["md_brackets"] = lambda n: rep("[", n // 2) + rep("]", n // 2)
S["md_table"] = lambda n: "| a | b |\n|---|---|\n" + rep("| x | y |\n", n)
S["md_code"] = lambda n: rep("```\ncode\n", n)
S["we_do_not"] = lambda n: "We do not " + words(n) + "."
S["we_will"] = lambda n: rep("we will ", n)
S["we_share"] = lambda n: rep("we may share your data with ", n)
S["keep_for"] = lambda n: rep("we keep your data for ", n)
S["mixed_nl_cr"] = lambda n: rep("a\r\n\r", n)
S["real_no_newlines"] = lambda n: rep(REAL.replace("\n", " "), n)

HTML: dict = {}
HTML["html_nested_div"] = lambda n: (
    "<html><body>" + "<div>" * (n // 5) + "x" + "</div>" * (n // 5) + "</body></html>")
HTML["html_nested_unclosed"] = lambda n: (
    "<html><body>" + "<div><p><b>" * (n // 11) + "x</body></html>")
HTML["html_table"] = lambda n: "<table>" + rep("<tr><td>a</td><td>b</td></tr>", n) + "</table>"
HTML["html_links"] = lambda n: "<p>" + rep('<a href="http://e.com/x">link</a> ', n) + "</p>"
HTML["html_headings"] = lambda n: rep("<h2>Heading</h2><p>Text about data.</p>", n)
HTML["html_lists"] = lambda n: "<ul>" * (n // 8) + "<li>x</li>" + "</ul>" * (n // 8)
HTML["html_spans"] = lambda n: "<p>" + rep("<span>a</span>", n) + "</p>"
HTML["html_br"] = lambda n: "<p>" + rep("a<br>", n) + "</p>"
HTML["html_entities"] = lambda n: "<p>" + rep("&nbsp;&amp;", n) + "</p>"
HTML["html_comments"] = lambda n: rep("<!-- x -->", n)
HTML["html_inline_em"] = lambda n: "<p>" + rep("<em>a</em><strong>b</strong> ", n) + "</p>"
HTML["html_nested_em"] = lambda n: (
    "<p>" + "<em><strong>" * (n // 16) + "x" + "</strong></em>" * (n // 16) + "</p>")


def _perturb(text: str) -> str:
    lines = text.split("\n")
    if len(lines) <= 3:
        return text[::-1]
    return "\n".join(line[::-1] if i % 2 else line for i, line in enumerate(lines))


def _timed(res: dict[str, float], name: str, fn):
    t0 = time.perf_counter()
    out = fn()
    res[name] = time.perf_counter() - t0
    return out


def run_shape(shape: str, n: int) -> dict[str, float]:
    """Each stage's time on ``shape`` at size ``n``."""
    from policyviewer.core.compare import compare_documents, compare_texts
    from policyviewer.core.dates import find_dated_lines
    from policyviewer.core.importers import load_bytes
    from policyviewer.core.insights import extract_facts
    from policyviewer.core.outline import outline_of, parse_outline
    from policyviewer.core.report import default_context, render_report

    def reports(cmp) -> None:
        for fmt in ("text", "markdown", "html"):
            render_report(cmp, fmt, default_context(cmp))

    res: dict[str, float] = {}
    if shape in HTML:
        doc = _timed(res, "import", lambda: load_bytes(HTML[shape](n).encode(), "x.html"))
        _timed(res, "outline", lambda: outline_of(doc))
        real = load_bytes(REAL.encode(), "r.md")
        cmp = _timed(res, "compare", lambda: compare_documents(real, doc))
    else:
        text = S[shape](n)
        plain = _timed(res, "import", lambda: load_bytes(text.encode(), "x.txt"))
        md = _timed(res, "import_md", lambda: load_bytes(text.encode(), "x.md"))
        outline = _timed(res, "outline", lambda: parse_outline(plain.text))
        _timed(res, "outline_md", lambda: outline_of(md))
        _timed(res, "facts", lambda: extract_facts(plain.text, outline))
        _timed(res, "dates", lambda: find_dated_lines(plain.text))
        cmp = _timed(res, "compare", lambda: compare_texts(REAL, plain.text))
        other = _perturb(plain.text)
        rewrite = _timed(res, "compare_rewrite", lambda: compare_texts(plain.text, other))
        _timed(res, "reports_rewrite", lambda: reports(rewrite))
    _timed(res, "reports", lambda: reports(cmp))
    return res


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,20000,40000", help="characters, doubling")
    parser.add_argument("--only", nargs="*", help="these shapes only")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per shape")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        from policyviewer.core.errors import PolicyViewerError

        try:
            print(json.dumps(run_shape(args.child[0], int(args.child[1]))))
        except PolicyViewerError as exc:  # a clear refusal, the wanted outcome
            print(json.dumps({"refused": str(exc)}))
        return 0
    sizes = [int(x) for x in args.sizes.split(",")]
    shapes = args.only or [*S, *HTML]
    at = f"time at {sizes[-1]}"
    print(f"{'shape':26} {'worst stage':16} {at:>14} {'growth/doubling':>16}")
    for shape in shapes:
        times: list[dict[str, float]] = []
        outcome = ""
        for n in sizes:
            try:
                done = subprocess.run(
                    [sys.executable, __file__, "--child", shape, str(n)],
                    capture_output=True, text=True, timeout=args.timeout, check=True)
            except subprocess.TimeoutExpired:
                outcome = f"timeout at {n}"
                break
            except subprocess.CalledProcessError as exc:
                outcome = f"error at {n}: {exc.stderr.strip().splitlines()[-1][:60]}"
                break
            result = json.loads(done.stdout.strip().splitlines()[-1])
            if "refused" in result:
                outcome = f"refused at {n}: {result['refused'].split(': ', 1)[-1][:50]}"
                break
            times.append(result)
        if outcome or not times:
            print(f"{shape:26} {outcome}")
            continue
        last = times[-1]
        stage = max(last, key=last.get)
        pairs = itertools.pairwise(times)  # sizes double: about 2x is linear
        growth = max((b[k] / a[k] for a, b in pairs for k in b if a[k] > 0.01), default=1.0)
        print(f"{shape:26} {stage:16} {last[stage]:13.2f}s {growth:15.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
