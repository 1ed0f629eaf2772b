"""Imports: reading files, mapping headers, normalising, validating and writing them."""
from .messages import ImportRefused
from .pipeline import ImportResult, import_file, rebuild_rollups

__all__ = ["ImportRefused", "ImportResult", "import_file", "rebuild_rollups"]
