"""The README's examples, run for real: each fenced block whose first line is
`$ relations-data <read-only verb> …` is run and its shown output compared with what the
command prints, and each `>>>` block is evaluated after the Python block before it.

    python tests/readme_examples.py            # list the examples that differ
    python tests/readme_examples.py --update   # rewrite the README's shown outputs from real runs

tests/test_readme.py runs the same check, so the README cannot drift from the data.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
# Verbs whose output depends only on the release, so an example of them can be checked.
CHECKED_VERBS = ("sql", "tables", "info", "versions", "cite", "--version", "panel", "explain")
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```\n", re.S | re.M)


@dataclass
class Example:
    start: int  # offsets of the block's body in the README
    end: int
    command: str  # the command line, or the >>> expression
    shown: str
    setup: str | None = None  # the Python block a >>> example runs after

    def run(self) -> str:
        if self.setup is None:
            argv = shlex.split(self.command)
            argv[0] = str(Path(sys.executable).with_name("relations-data"))
            done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True)
            return (done.stdout + done.stderr).rstrip("\n")
        namespace: dict = {}
        with contextlib.redirect_stdout(io.StringIO()):
            exec(self.setup, namespace)  # noqa: S102 - the README's own example
        return str(eval(self.command, namespace)).rstrip("\n")  # noqa: S307


def examples(text: str) -> list[Example]:
    found, previous_python = [], None
    for match in FENCE.finditer(text):
        body = match.group(1)
        opening = text[match.start():text.index("\n", match.start())]
        if opening == "```python":
            previous_python = body
            continue
        first, _, rest = body.partition("\n")
        if first.startswith("$ relations-data "):
            verb = shlex.split(first[2:])[1]
            if verb in CHECKED_VERBS and "\n$ " not in "\n" + rest:
                found.append(Example(match.start(1), match.end(1), first[2:], rest.rstrip("\n")))
        elif first.startswith(">>> ") and previous_python is not None:
            found.append(Example(match.start(1), match.end(1), first[4:], rest.rstrip("\n"), previous_python))
    return found


def differences(text: str) -> list[tuple[Example, str]]:
    return [(e, actual) for e in examples(text) if (actual := e.run()) != e.shown]


def update(text: str) -> str:
    for example, actual in reversed(differences(text)):
        first = text[example.start:text.index("\n", example.start)]
        text = text[:example.start] + first + "\n" + actual + "\n" + text[example.end:]
    return text


def main() -> None:
    text = README.read_text(encoding="utf-8")
    if "--update" in sys.argv[1:]:
        README.write_text(update(text), encoding="utf-8")
        return
    for example, actual in differences(text):
        print(f"--- {example.command}\n{example.shown}\n+++ now\n{actual}\n")


if __name__ == "__main__":
    main()
