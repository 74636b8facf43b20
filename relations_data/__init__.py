"""relations-data: evidence-backed indicators of relations between states.

    import relations_data as rd
    rd.versions()              # data releases available, oldest first; rd.data_version(): newest
    rd.tables()                # tables of the newest release
    rd.load("coca_cultivation", version="1.2.0")    # a pandas DataFrame
    rd.read_csv("events.csv")  # a downloaded CSV with the same dtypes as load()
    rd.codebook("events")      # columns, types, units, descriptions
    rd.connect()               # read-only DuckDB connection
    rd.cite()                  # how to cite a release (text and BibTeX)
    rd.verify()                # recheck every file of a release against its manifest

Errors: rd.UnknownNameError (a ValueError), rd.ReleaseIntegrityError,
rd.ReleasesNotFoundError, all rd.RelationsDataError. rd.__version__ is the package's version;
each data release has its own (rd.data_version()).

`import relations_data` stays light (no pandas, Pandera or DuckDB until a function needs
them): the functions above are imported on first use.
"""

__version__ = "1.3.0"  # the package's version; the data's is each release's (versions(), data_version())

_LOADER = ["load", "read_csv", "tables", "versions", "connect", "codebook", "cite", "verify", "data_version"]
_PANEL = ["panel", "explain"]  # in relations_data.dyad_panel, which imports pandas
_ERRORS = ["RelationsDataError", "UnknownNameError", "ReleaseIntegrityError", "ReleasesNotFoundError"]
__all__ = [*_LOADER, *_PANEL, *_ERRORS, "__version__"]


def __getattr__(name: str):
    if name in _PANEL:
        import importlib

        return getattr(importlib.import_module("relations_data.dyad_panel"), name)
    if name in _LOADER:
        from relations_data import loader

        return getattr(loader, name)
    if name in _ERRORS:
        from relations_data import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'relations_data' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names, for dir() and tab completion, without importing the loader."""
    return sorted(set(__all__) | set(globals()))
