"""The Qt-free core: import, outline, compare, insights, reports, storage.

Nothing under ``policyviewer.core`` may import PySide6 (tests/test_core_no_qt.py).
"""

from policyviewer.core.config import DEFAULT_CONFIG, Config
from policyviewer.core.errors import (
    FetchFailed,
    ImportFailed,
    InputTooLarge,
    InvalidQuery,
    LibraryError,
    NotFound,
    PolicyViewerError,
)
from policyviewer.core.model import (
    Comparison,
    Document,
    HeadingMark,
    Insight,
    Outline,
    Section,
    SectionChange,
)

__all__ = [
    "DEFAULT_CONFIG",
    "Comparison",
    "Config",
    "Document",
    "FetchFailed",
    "HeadingMark",
    "ImportFailed",
    "InputTooLarge",
    "Insight",
    "InvalidQuery",
    "LibraryError",
    "NotFound",
    "Outline",
    "PolicyViewerError",
    "Section",
    "SectionChange",
]


def __getattr__(name: str):
    # policyviewer.core.compare_texts / compare_documents, imported on first use
    # so that importing the core does not load the whole comparison stack.
    if name in ("compare_texts", "compare_documents"):
        from policyviewer.core import compare

        return getattr(compare, name)
    raise AttributeError(f"module 'policyviewer.core' has no attribute {name!r}")
