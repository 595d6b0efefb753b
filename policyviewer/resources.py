"""Locate bundled resources (themes, icons, sample policies) in source trees and installs.

In a wheel, ``resources/`` is installed as the package ``policyviewer.resources``
(see ``[tool.setuptools.package-dir]``); in a source checkout it is the top-level folder.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding ``themes/``, ``icons/`` and ``samples/``."""
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller bundle
    if frozen:
        return Path(frozen) / "resources"
    # Installed wheel: the data package policyviewer.resources is the folder next to this
    # module. importlib.resources cannot name it: this module shadows that import name.
    here = Path(__file__).resolve().parent
    if (here / "resources" / "samples").is_dir():
        return here / "resources"
    return here.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
