"""The code blocks of README.md and docs/, with the markers that say how each runs.

The convention (docs/testing.md, "Snippets in the docs run in CI"): HTML comments
on the lines directly above a fence (no blank line between) are its markers:

- ``<!-- no-run: REASON -->``: the block is not run; the reason is required;
- ``<!-- setup: CODE -->``: Python run first, in the same interpreter (the names a
  fragment assumes: a schema, some records, a DataFrame); may span lines;
- ``<!-- continues -->``: the block runs after the page's previous Python block, in
  the same interpreter.

Other comments (``<!-- docs/examples/ingest_server.py -->``) are left alone.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Languages whose blocks run; every other fence must say what it is (json, text, ...).
RUNS = frozenset({"python", "console", "sh", "bash", "shell"})

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)(?P<lang>[^`\s]*)")
_MARKER = re.compile(r"^(?P<name>no-run|setup|continues)\b:?(?P<value>.*)$", re.S)


@dataclass(frozen=True)
class Block:
    path: str  # relative to the repository root
    line: int  # 1-based line of the opening fence
    lang: str
    text: str  # the body, without the fence's indent
    no_run: str | None  # the reason, or None when the block runs
    setup: str
    continues: bool

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def doc_pages() -> list[Path]:
    """README.md and every page under docs/."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def blocks(page: Path) -> list[Block]:
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    markers: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("<!--"):
            i, comment = _read_comment(lines, i)
            markers.append(comment)
            continue
        fence = _FENCE.match(line)
        if fence:
            end = _closing(lines, i, fence["fence"])
            body = textwrap.dedent("\n".join(lines[i + 1 : end]))
            found.append(_block(page, i + 1, fence["lang"], body + "\n", markers))
            i = end
        markers = []
        i += 1
    return found


def _read_comment(lines: list[str], start: int) -> tuple[int, str]:
    """The comment opening at ``start`` (maybe over several lines), and the line after it."""
    end = start
    while "-->" not in lines[end]:
        end += 1
    text = "\n".join(lines[start : end + 1]).strip()
    return end + 1, text.removeprefix("<!--").removesuffix("-->").strip()


def _closing(lines: list[str], start: int, fence: str) -> int:
    for end in range(start + 1, len(lines)):
        if lines[end].strip().startswith(fence[0] * len(fence)):
            return end
    raise AssertionError(f"unclosed code block at line {start + 1}")


def _block(page: Path, line: int, lang: str, text: str, comments: list[str]) -> Block:
    no_run: str | None = None
    setup, continues = "", False
    for comment in comments:
        marker = _MARKER.match(comment)
        if marker is None:
            continue
        if marker["name"] == "no-run":
            no_run = marker["value"].strip()
        elif marker["name"] == "setup":
            setup += textwrap.dedent(marker["value"].strip("\n")).strip() + "\n"
        else:
            continues = True
    rel = page.relative_to(ROOT).as_posix()
    return Block(rel, line, lang, text, no_run, setup, continues)


def python_source(block: Block, page_blocks: list[Block]) -> str:
    """What runs for a Python block: its setup, the blocks it continues, then itself."""
    source = block.setup + block.text
    if block.continues:
        before = [b for b in page_blocks if b.lang == "python" and b.line < block.line]
        if not before:
            raise AssertionError(f"{block.where}: `continues` but no Python block before it")
        source = python_source(before[-1], page_blocks) + source
    return source


def console_steps(text: str) -> list[tuple[str, str]]:
    """``$ command`` lines (a trailing backslash continues one) and the output shown after each."""
    steps: list[tuple[str, list[str]]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\") and i + 1 < len(lines):
                i += 1
                command += "\n" + lines[i]  # bash reads the backslash-newline itself
            steps.append((command, []))
        elif steps:
            steps[-1][1].append(line)
        else:
            raise AssertionError(f"console block starts with output, not `$ `: {line!r}")
        i += 1
    return [(command, "".join(out + "\n" for out in output)) for command, output in steps]
