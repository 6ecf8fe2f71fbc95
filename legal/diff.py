"""A readable diff between two versions' canonical texts: paragraphs, then words inside them."""

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str


class Paragraph(list):
    """The segments of one line; `level` is 2 or 3 for a heading of the canonical text, else 0."""

    def __init__(self, segments, level: int = 0):
        super().__init__(segments)
        self.level = level


HEADING_PREFIXES = (("### ", 3), ("## ", 2))  # how render_version marks headings in the text


def _split_heading(line: str) -> tuple[int, str]:
    for prefix, level in HEADING_PREFIXES:
        if line.startswith(prefix):
            return level, line[len(prefix) :]
    return 0, line


@dataclass(frozen=True)
class DiffResult:
    paragraphs: list[Paragraph]
    inserted_words: int
    deleted_words: int

    @property
    def has_changes(self) -> bool:
        return bool(self.inserted_words or self.deleted_words)


def _words(segments: list[Segment], op: str) -> int:
    return sum(len(s.text.split()) for s in segments if s.op == op)


def _word_diff(old: str, new: str) -> list[Segment]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return segments


def diff_texts(old: str, new: str) -> DiffResult:
    """Diff line by line, then word by word inside changed lines; heading markers are shown as
    headings rather than as "##" (a change of level alone counts as a change of the line)."""
    old_lines = [_split_heading(line) for line in old.splitlines()]
    new_lines = [_split_heading(line) for line in new.splitlines()]
    paragraphs: list[Paragraph] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            paragraphs.extend(Paragraph([Segment("equal", text)], level) for level, text in old_lines[i1:i2])
        elif tag == "delete":
            paragraphs.extend(Paragraph([Segment("delete", text)], level) for level, text in old_lines[i1:i2])
        elif tag == "insert":
            paragraphs.extend(Paragraph([Segment("insert", text)], level) for level, text in new_lines[j1:j2])
        else:  # replace: pair lines and show the changed words inside them
            olds, news = old_lines[i1:i2], new_lines[j1:j2]
            for k in range(max(len(olds), len(news))):
                if k < len(olds) and k < len(news):
                    paragraphs.append(Paragraph(_word_diff(olds[k][1], news[k][1]), news[k][0]))
                elif k < len(olds):
                    paragraphs.append(Paragraph([Segment("delete", olds[k][1])], olds[k][0]))
                else:
                    paragraphs.append(Paragraph([Segment("insert", news[k][1])], news[k][0]))
    flat = [s for p in paragraphs for s in p]
    return DiffResult(paragraphs, _words(flat, "insert"), _words(flat, "delete"))
