"""relations-data: evidence-backed indicators of relations between states.

`import relations_data` stays light (no pandas, Pandera or DuckDB until a function needs
them): the loader functions below are imported on first use.
"""

__version__ = "1.0.0"

__all__ = ["load", "tables", "versions", "connect", "codebook", "cite", "panel", "explain", "__version__"]
_PANEL = ("panel", "explain")  # in relations_data.dyad_panel, which imports pandas


def __getattr__(name: str):
    if name in _PANEL:
        import importlib

        return getattr(importlib.import_module("relations_data.dyad_panel"), name)
    if name in __all__:
        from relations_data import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'relations_data' has no attribute {name!r}")
