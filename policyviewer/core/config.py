"""Limits and defaults, in one object so tests and users can change them together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    # Import limits: refused with a message naming the limit.
    max_file_bytes: int = 50 * 1024 * 1024
    max_text_chars: int = 5_000_000
    max_pdf_pages: int = 2_000
    # SQLite: how long a writer waits for another writer before giving up.
    busy_timeout_ms: int = 15_000
    # Diff library: 0 means no time limit, so results never depend on machine speed.
    diff_timeout_s: float = 0.0
    # Sequences whose LCS table (len(a) * len(b) bits) would pass this size are
    # diffed by Myers' algorithm instead (linear memory, slower on rewrites).
    max_lcs_cells: int = 400_000_000
    # Moved-and-edited lines: when the characters of the added lines times those
    # of the removed lines to weigh pass this, only exact moves are looked for
    # (lines of similar length cost about 1.25e-11 s per such cell: ~0.25 s).
    max_moved_weigh_cells: int = 20_000_000_000
    # Above this many distinct tokens on both sides of a changed block, word-diff
    # the block paragraph by paragraph instead of as a whole (and a paragraph this
    # long, in pieces of half as many tokens a side).
    max_diff_tokens: int = 20_000
    # Network (only used when the user asks for it).
    http_timeout_s: float = 20.0
    http_max_bytes: int = 10 * 1024 * 1024
    user_agent: str = "PolicyViewer/0.1 (desktop privacy-policy reader; fetches only on request)"


DEFAULT_CONFIG = Config()
