"""A static data portal for one release, written from the public loader only.

`generate(out, version)` writes plain HTML (Jinja2 templates), inline SVG charts, a small
vanilla-JS filter/sort script and the release's own CSV and Parquet files, so the site works
from any static host or a local folder with no network. It never touches the build.
"""
from relations_data.site.generate import MAX_ROWS, generate

__all__ = ["generate", "MAX_ROWS"]
