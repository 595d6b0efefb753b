"""The bundled sample library: five real policies and the Mozilla history."""

from __future__ import annotations

from policyviewer.core.config import DEFAULT_CONFIG, Config
from policyviewer.core.library.store import Library
from policyviewer.resources import resource_path

# File in resources/samples -> policy name.
SEED_POLICIES = {
    "jestor.txt": "Jestor",
    "jector-ai.txt": "Jector AI",
    "jtek.txt": "Jtek",
    "netjump.txt": "netjump",
    "jiminny.txt": "Jiminny",
}
HISTORY_POLICY = "Mozilla"
HISTORY_FOLDER = "mozilla"  # files named YYYY-MM-DD.md, one per version


def seed_samples(lib: Library, config: Config = DEFAULT_CONFIG) -> int:
    """Add the bundled samples to ``lib``; returns how many versions were new.

    Safe to run again: identical versions are recognised and skipped.
    """
    from policyviewer.core.importers import load_file  # imported late: importers are heavy

    folder = resource_path("samples")
    added = 0
    for file_name, policy in SEED_POLICIES.items():
        path = folder / file_name
        result = lib.add_version(policy, load_file(path, config), source=str(path))
        added += result.created
    for path in sorted((folder / HISTORY_FOLDER).glob("*.md")):
        result = lib.add_version(
            HISTORY_POLICY, load_file(path, config), source=str(path), date=path.stem
        )
        added += result.created
    return added
