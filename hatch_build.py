"""Wheel build hook: every release's metadata, and the Parquet files of the newest release only.

Older releases' data files are downloaded on first use and checked against the packaged
manifest (relations_data.loader.fetch_release_file), so the wheel stays small however many
releases there are. Files are force-included, so no .gitignore rule can drop them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ReleasesHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if version == "editable":  # an editable install reads the checkout's build/ directly
            return
        sys.path.insert(0, self.root)
        try:
            from relations_data.loader import _SEMVER, packaged, version_key
        finally:
            sys.path.remove(self.root)
        build = Path(self.root) / "build"
        releases = sorted((p.name for p in build.glob("*") if _SEMVER.match(p.name) and (p / "manifest.json").is_file()),
                          key=version_key) if build.is_dir() else []
        for release in releases:
            folder = build / release
            for path in sorted(folder.rglob("*")):
                if path.is_file() and packaged(path.relative_to(folder).as_posix(), release == releases[-1]):
                    target = f"relations_data/releases/{release}/{path.relative_to(folder).as_posix()}"
                    build_data["force_include"][str(path)] = target
