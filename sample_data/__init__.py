"""Deterministic demo data for the CCHC Dashboard.

`demo_tables()` builds a realistic demo province (units, procedure catalogue, dossiers,
targets) as pyarrow Tables; `write_dossier_export()` writes a dossier export file shaped like
the province's dossier system (iGate) produces, for exercising the import pipeline.
"""

from sample_data.generate import DEMO_END, demo_tables, write_dossier_export

__all__ = ["DEMO_END", "demo_tables", "write_dossier_export"]
