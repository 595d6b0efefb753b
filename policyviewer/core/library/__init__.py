"""The policy library: an SQLite file of policies and their versions (sqlite-utils).

``Library.open(path)`` opens or creates it; see ``store.Library`` for the API.

Guarantees (tested in tests/core/test_library_reliability.py):

- Every write is one ``BEGIN IMMEDIATE`` transaction in WAL mode: a process
  killed at any moment leaves whole versions only, and the same import can be
  run again (identical texts are recognised and skipped).
- Two processes can write at once: the second waits up to
  ``Config.busy_timeout_ms`` for the first instead of failing.
- A file that is not SQLite, is damaged (``pragma quick_check`` on open), or
  belongs to another program is refused and never modified. A library from a
  newer schema, or a read-only file or folder, opens for reading only; writes
  raise ``LibraryError`` saying why. Texts are checksummed when read back.
- A full disk rolls the transaction back and the library stays usable.
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
