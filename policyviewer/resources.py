"""Locate bundled resources (themes, icons, sample policies) in source trees and installs.

In a wheel, ``resources/`` is installed as the package ``policyviewer.resources``
(see ``[tool.setuptools.package-dir]``); in a source checkout it is the top-level folder.
"""

from __future__ import annotations

import sys
from importlib import resources as _res
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding ``themes/``, ``icons/`` and ``samples/``."""
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller bundle
    if frozen:
        return Path(frozen) / "resources"
    try:
        path = Path(str(_res.files("policyviewer.resources")))
        if (path / "samples").is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
