"""Import one file in a fresh process and report what happened, how long it took
and the peak memory: ``python measure_import.py FILE [--limit-mb N]``.

Prints one JSON line: {"outcome": "imported"|"refused"|"crashed", "message",
"error", "seconds", "peak_rss_mb", "chars"}. ``--limit-mb`` caps the address space,
so a runaway import fails here instead of taking the machine down.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). ``ru_maxrss`` would not do: Linux
    carries the parent's peak over fork + exec, so a big parent hides the import."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # macOS: bytes/1024


def main(argv: list[str]) -> int:
    path = argv[1]
    if "--limit-mb" in argv:
        limit = int(argv[argv.index("--limit-mb") + 1]) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from policyviewer.core.errors import PolicyViewerError
    from policyviewer.core.importers import load_file

    base = peak_rss_mb()
    out: dict[str, object] = {"baseline_rss_mb": round(base, 1)}
    start = time.perf_counter()
    try:
        doc = load_file(path)
    except PolicyViewerError as exc:
        out.update(outcome="refused", message=str(exc), error=type(exc).__name__)
    except BaseException as exc:
        out.update(outcome="crashed", message=f"{type(exc).__name__}: {exc}"[:300],
                   error=type(exc).__name__)
    else:
        out.update(outcome="imported", chars=len(doc.text), headings=len(doc.headings))
    out["seconds"] = round(time.perf_counter() - start, 2)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
