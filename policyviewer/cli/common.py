"""Helpers shared by the command modules: the library, POLICY[@N] specs, JSON output."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
from pathlib import Path
from typing import Any

from policyviewer.core.errors import NotFound, PolicyViewerError
from policyviewer.core.library import Library, VersionInfo
from policyviewer.core.model import Document

SPEC_HELP = (
    "a policy name or id, optionally with @N for version N (default: the latest), "
    "or the path of a file (read, not stored)"
)
_FILE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"}


def library_path(args: argparse.Namespace) -> Path | None:
    """The --db path if given; None means $POLICYVIEWER_DB or the platform default."""
    db = getattr(args, "db", None)
    return Path(db).expanduser() if db else None


def open_library(args: argparse.Namespace) -> Library:
    """The library named by --db / $POLICYVIEWER_DB / the default, opened once per command."""
    lib = getattr(args, "_library", None)
    if lib is None:
        lib = Library.open(library_path(args))
        args._library = lib
    return lib


def close_library(args: argparse.Namespace) -> None:
    lib = getattr(args, "_library", None)
    if lib is not None:
        lib.close()
        args._library = None


def parse_spec(spec: str) -> tuple[str, int | None]:
    """``"Name@3"`` -> ``("Name", 3)``; ``"Name"`` -> ``("Name", None)``."""
    head, at, tail = spec.strip().rpartition("@")
    if at and head and tail.isdigit():
        return head, int(tail)
    if at and head and tail.lower() == "latest":
        return head, None
    return spec.strip(), None


def resolve_version(args: argparse.Namespace, spec: str) -> VersionInfo:
    """The stored version a ``POLICY[@N]`` spec names."""
    name, number = parse_spec(spec)
    if number == 0:
        raise PolicyViewerError(f"invalid version {spec!r}", hint="versions are numbered from 1")
    try:
        return open_library(args).version(name, number)
    except NotFound as exc:
        if os.sep in spec or "/" in spec or Path(spec).suffix.lower() in _FILE_SUFFIXES:
            raise NotFound(
                f"{spec}: no such file, and no policy by that name",
                hint="check the path, or list the policies with `policyviewer list`",
            ) from exc
        raise


def resolve_document(args: argparse.Namespace, spec: str) -> tuple[Document, str]:
    """The document a spec names, and a label for it.

    An existing file wins over a policy of the same name; it is read with the
    importers and not stored. Otherwise ``spec`` is ``POLICY[@N]``.
    """
    path = Path(spec).expanduser()
    if path.is_file():
        from policyviewer.core.importers import load_file

        return load_file(path), str(spec)
    if path.is_dir() and (os.sep in spec or "/" in spec):
        raise PolicyViewerError(f"{spec} is a folder", hint="give a file or a policy name")
    version = resolve_version(args, spec)
    return open_library(args).document(version), version.label


def to_jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def print_json(obj: Any) -> None:
    """Print ``obj`` as indented UTF-8 JSON (dataclasses become objects)."""
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=to_jsonable))


def version_json(v: VersionInfo) -> dict[str, Any]:
    """The JSON form of a version used by ``versions --json`` and other commands."""
    return {
        "number": v.number,
        "date": v.date,
        "effective_date": v.effective_date,
        "source": v.source,
        "format": v.source_format,
        "title": v.title,
        "sha256": v.sha256,
        "words": v.words,
        "chars": v.chars,
        "id": v.id,
        "policy": v.policy_name,
        "policy_id": v.policy_id,
        "imported_at": v.imported_at,
    }
