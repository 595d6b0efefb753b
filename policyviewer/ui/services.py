"""The work behind the window's actions, as plain functions run off the UI thread.

Nothing here touches a widget: each function takes a ``Library`` (whose calls are
serialised by its own lock) and returns frozen results the window then shows.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policyviewer.core.errors import PolicyViewerError
from policyviewer.core.library import AddResult, Library, VersionInfo
from policyviewer.core.model import Comparison, Document, Outline

_DATE_STEM = re.compile(r"^\d{4}[-_]?\d{2}[-_]?\d{2}")
_GENERIC_STEMS = {"privacy", "privacy-policy", "privacy_policy", "policy", "index", "document"}


def policy_name_for(path: Path) -> str:
    """A policy name from a file path: ``vinted/2021-08-16.md`` -> ``vinted``.

    Dated or generic file names take their folder's name, because that is how
    collections of versions are usually kept.
    """
    stem = path.stem.strip()
    if (_DATE_STEM.match(stem) or stem.lower() in _GENERIC_STEMS) and path.parent.name:
        stem = path.parent.name
    return stem or "Untitled policy"


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: versions stored (in order) and files that failed, one line each."""

    added: tuple[AddResult, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def last(self) -> AddResult | None:
        return self.added[-1] if self.added else None


def import_files(lib: Library, paths: Sequence[Path], policy: str | None) -> ImportOutcome:
    """Add each file as a version of ``policy`` (or of a policy named after the first file).

    Files are taken in name order, which is date order for dated file names; a file
    that fails is reported and the others are still imported.
    """
    from policyviewer.core.importers import load_file

    added: list[AddResult] = []
    errors: list[str] = []
    name = policy
    for path in sorted(paths, key=lambda p: (str(p.parent), p.name)):
        try:
            doc = load_file(path)
            result = lib.add_version(name or policy_name_for(path), doc, source=str(path))
        except PolicyViewerError as exc:
            errors.append(str(exc))
            continue
        except OSError as exc:
            errors.append(f"{path}: cannot read the file ({exc.strerror or exc})")
            continue
        name = result.policy.name
        added.append(result)
    return ImportOutcome(tuple(added), tuple(errors))


def import_text(lib: Library, text: str, policy: str | None) -> ImportOutcome:
    """Store pasted text as a new version (of ``policy``, else of "Pasted policy")."""
    from policyviewer.core.importers import load_bytes

    if not text.strip():
        return ImportOutcome(errors=("The clipboard holds no text to add.",))
    try:
        doc = load_bytes(text.encode("utf-8"), "clipboard.txt")
        result = lib.add_version(policy or "Pasted policy", doc, source="clipboard")
    except PolicyViewerError as exc:
        return ImportOutcome(errors=(str(exc),))
    return ImportOutcome((result,))


def add_samples(lib: Library) -> ImportOutcome:
    """The sample policies shipped in ``resources/samples`` (first start)."""
    from policyviewer.core.library import samples

    samples.seed_samples(lib)
    if not lib.policies():
        return ImportOutcome(errors=("No sample policies were found in this installation.",))
    return ImportOutcome()


@dataclass(frozen=True)
class VersionView:
    """Everything the window shows for one version, compared with another (or not)."""

    new: VersionInfo
    old: VersionInfo | None
    text: str
    outline: Outline
    comparison: Comparison | None
    notes: tuple[str, ...] = field(default=())


def load_view(lib: Library, new: VersionInfo, old: VersionInfo | None) -> VersionView:
    """Read ``new`` (and ``old``), outline it and compare the two."""
    from policyviewer.core.outline import outline_of

    new_doc = _labelled(lib.document(new), new)
    if old is None:
        return VersionView(new, None, new_doc.text, outline_of(new_doc), None)
    from policyviewer.core.compare import compare_documents

    old_doc = _labelled(lib.document(old), old)
    cmp = compare_documents(old_doc, new_doc)
    outline = cmp.new_outline if cmp.new_outline is not None else outline_of(new_doc)
    text = cmp.new_text or new_doc.text
    return VersionView(new, old, text, outline, cmp)


def _labelled(doc: Document, version: VersionInfo) -> Document:
    # Reports and the diff header name versions the way the command line does.
    return dataclasses.replace(doc, source=version.label)
