"""The relations-data command line: a thin layer over the library.

Each command imports what it needs when it runs, so `relations-data --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from relations_data import __version__

RAW_OPTION = click.option("--raw", "raw_dir", type=click.Path(path_type=Path), default=Path("raw"),
                          show_default=True, help="Folder holding sources/, coded/ and dataset.yaml.")


def _fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="relations-data")
def cli() -> None:
    """relations-data: evidence-backed indicators of relations between states.

    Build the dataset from raw/, and query, export and cite its releases.
    """


@cli.command()
@RAW_OPTION
def validate(raw_dir: Path) -> None:
    """Check raw/ against the schemas without writing anything.

    Exits 1 with one line per problem (file, line, record, column, what to do).

    \b
    Example:
        relations-data validate --raw raw
    """
    from relations_data.errors import DataError
    from relations_data.validate import check

    try:
        dataset = check(raw_dir)
    except DataError as exc:
        _fail(exc.report())
    rows = sum(len(f) for name, f in dataset.frames.items() if dataset.schemas[name].is_fact)
    click.echo(f"raw data in {raw_dir} is valid: {rows} records, "
               f"{len(dataset.frames['evidence'])} pieces of evidence, version {dataset.version}")


@cli.command()
@RAW_OPTION
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Folder that holds the releases, one sub-folder per version.")
def build(raw_dir: Path, out_dir: Path) -> None:
    """Validate raw/ and publish it as an immutable release in OUT/<version>/.

    Rebuilding an existing version succeeds only if it reproduces the same data.

    \b
    Example:
        relations-data build --raw raw --out build
    """
    from relations_data.errors import DataError, ReleaseError
    from relations_data.release import build as build_release

    try:
        result = build_release(raw_dir, out_dir)
    except DataError as exc:
        _fail(exc.report())
    except ReleaseError as exc:
        _fail(f"error: {exc}")
    if result.status == "unchanged":
        click.echo(f"release {result.version} already exists at {result.path} with identical content; nothing to do")
    else:
        total = sum(result.rows.values())
        click.echo(f"wrote release {result.version} to {result.path} ({total} rows in {len(result.rows)} tables)")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
