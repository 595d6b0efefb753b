"""The policy library: an SQLite file of policies and their versions (sqlite-utils).

``Library.open(path)`` opens or creates it; see ``store.Library`` for the API
and the ordering, deduplication and concurrency rules.
"""

from policyviewer.core.library.models import AddResult, PolicyInfo, VersionInfo
from policyviewer.core.library.opening import default_library_path
from policyviewer.core.library.store import Library, parse_iso_date

__all__ = [
    "AddResult",
    "Library",
    "PolicyInfo",
    "VersionInfo",
    "default_library_path",
    "parse_iso_date",
]
