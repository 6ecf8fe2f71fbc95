"""A readable diff between two versions' canonical texts: paragraphs, then words inside them."""

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass(frozen=True)
class DiffResult:
    paragraphs: list[list[Segment]]
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
    old_lines, new_lines = old.splitlines(), new.splitlines()
    paragraphs: list[list[Segment]] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            paragraphs.extend([Segment("equal", line)] for line in old_lines[i1:i2])
        elif tag == "delete":
            paragraphs.extend([Segment("delete", line)] for line in old_lines[i1:i2])
        elif tag == "insert":
            paragraphs.extend([Segment("insert", line)] for line in new_lines[j1:j2])
        else:  # replace: pair paragraphs and show the changed words inside them
            olds, news = old_lines[i1:i2], new_lines[j1:j2]
            for k in range(max(len(olds), len(news))):
                if k < len(olds) and k < len(news):
                    paragraphs.append(_word_diff(olds[k], news[k]))
                elif k < len(olds):
                    paragraphs.append([Segment("delete", olds[k])])
                else:
                    paragraphs.append([Segment("insert", news[k])])
    flat = [s for p in paragraphs for s in p]
    return DiffResult(paragraphs, _words(flat, "insert"), _words(flat, "delete"))
