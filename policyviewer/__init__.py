"""PolicyViewer: read privacy policies and see exactly what changed between versions."""

__version__ = "0.1.0"
