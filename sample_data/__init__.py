"""Deterministic demo data for the CCHC Dashboard.

`demo_tables()` builds a realistic demo province (units, procedure catalogue, dossiers,
targets) as pyarrow Tables; `write_dossier_export()` writes a dossier export file shaped like
the one the province's dossier system (iGate) produces, for exercising the import pipeline.
"""

_HOME = {"DEMO_END": "dossiers", "demo_tables": "dossiers", "write_dossier_export": "generate"}
__all__ = list(_HOME)


def __getattr__(name: str):
    # Imported lazily so that `python -m sample_data.generate` does not load the module
    # twice (runpy warns when a package imports the module it is about to run).
    if name in _HOME:
        import importlib

        return getattr(importlib.import_module(f"sample_data.{_HOME[name]}"), name)
    raise AttributeError(f"module 'sample_data' has no attribute {name!r}")
