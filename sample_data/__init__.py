"""Deterministic demo data for the CCHC Dashboard: a realistic demo province.

The province is Khánh Hòa as restructured on 1 July 2025, with real units; the rest is invented
but shaped like the real thing. By concern, each module using only those before it:

* `catalogue` — the provincial agencies and the procedure catalogue (plain data);
* `registry` — units (current, and those of before the merger with their successors) and
  procedures, each with its character, the same for every seed;
* `dossiers` — the calendar and the dossier generator: `demo_tables()` returns the `units`,
  `procedures`, `dossiers` and `targets` tables as pyarrow Tables shaped like the warehouse's;
* `scores` — PAR and QĐ 766 demo scores;
* `export` — `write_dossier_export()`: a dossier export file shaped like the one the province's
  dossier system (iGate) produces, for exercising the import pipeline; also a command line;
* `load` — fills an empty warehouse with the demo.
"""

_HOME = {"DEMO_END": "dossiers", "demo_tables": "dossiers", "write_dossier_export": "export"}
__all__ = list(_HOME)


def __getattr__(name: str):
    # Imported lazily so that `python -m sample_data.export` does not load the module
    # twice (runpy warns when a package imports the module it is about to run).
    if name in _HOME:
        import importlib

        return getattr(importlib.import_module(f"sample_data.{_HOME[name]}"), name)
    raise AttributeError(f"module 'sample_data' has no attribute {name!r}")
