"""A readable diff between two versions' canonical texts: block by block, then words inside blocks.

The canonical text (`legal.rendering`) has one line per block: the title first, then headings
("## ", "### "), list items ("- ") and paragraphs. Blocks are matched first, so a heading stays a
heading and a list item stays in its list; a changed block is paired with the most similar block
of the same kind and only inside such a pair are words compared. Words and punctuation are
compared separately ("ans." against "ans après"); each run of inserted or deleted words keeps the
spaces of its text, and the space before it, so that it reads as words rather than
"WeAll keepyour".
"""

import difflib
import re
from dataclasses import dataclass
from itertools import groupby

EQUAL, INSERT, DELETE, CHANGE = "equal", "insert", "delete", "change"

# How render_version marks blocks in the canonical text (the first line is the title).
_PREFIXES = (("### ", "h3"), ("## ", "h2"), ("- ", "li"))
_TAGS = {"title": "p", "h2": "h2", "h3": "h3", "p": "p", "li": "li"}

# Two blocks of the same kind are the same block, changed, when this share of their words match.
PAIRING_RATIO = 0.5
# Above this many candidate pairs in one changed stretch, blocks are not paired (all deleted,
# then all inserted): the stretch was rewritten, and pairing would cost n × m word diffs.
MAX_PAIRINGS = 10_000


# A word (with its inner apostrophes and hyphens), or a run of punctuation.
_TOKEN = re.compile(r"(\s*)(\w+(?:[’'\-]\w+)*|[^\w\s]+)")


@dataclass(frozen=True)
class Segment:
    op: str  # EQUAL, INSERT or DELETE
    text: str  # one or more tokens, with the spaces between them
    space_before: bool = False  # a space separates it from the previous segment


@dataclass(frozen=True)
class Block:
    kind: str  # "title", "h2", "h3", "p" or "li"
    op: str  # EQUAL, INSERT, DELETE, or CHANGE (words inserted or deleted inside it)
    segments: tuple[Segment, ...]

    @property
    def tag(self) -> str:
        return _TAGS[self.kind]

    @property
    def text(self) -> str:
        """The block's text in the new version (what is left once deletions are taken out)."""
        kept = [s for s in self.segments if s.op != DELETE]
        return "".join((" " if s.space_before and n else "") + s.text for n, s in enumerate(kept))


@dataclass(frozen=True)
class Group:
    """What the template renders at top level: one block, or a run of list items as one list."""

    is_list: bool
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class DiffResult:
    blocks: list[Block]
    inserted_words: int
    deleted_words: int

    @property
    def has_changes(self) -> bool:
        return any(block.op != EQUAL for block in self.blocks)

    @property
    def groups(self) -> list[Group]:
        groups = []
        for is_list, run in groupby(self.blocks, key=lambda block: block.kind == "li"):
            if is_list:
                groups.append(Group(True, tuple(run)))
            else:
                groups += [Group(False, (block,)) for block in run]
        return groups


def parse_blocks(text: str) -> list[tuple[str, str]]:
    """(kind, text) for each line of a canonical text."""
    blocks = []
    for number, line in enumerate(text.splitlines()):
        kind = "title" if number == 0 else "p"
        if number:
            for prefix, prefixed_kind in _PREFIXES:
                if line.startswith(prefix):
                    kind, line = prefixed_kind, line[len(prefix) :]
                    break
        if line.strip():
            blocks.append((kind, line.strip()))
    return blocks


def _whole(kind: str, text: str, op: str) -> Block:
    return Block(kind, op, (Segment(op, " ".join(text.split())),))


def _tokens(text: str) -> list[tuple[bool, str]]:
    """(preceded by a space, token) for each word or run of punctuation."""
    return [(bool(space), token) for space, token in _TOKEN.findall(text)]


def _run(op: str, tokens: list[tuple[bool, str]], space_before: bool) -> Segment:
    text = tokens[0][1] + "".join((" " if space else "") + token for space, token in tokens[1:])
    return Segment(op, text, space_before)


def _word_diff(kind: str, old: str, new: str) -> Block:
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, [t for _, t in a], [t for _, t in b], autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(_run(EQUAL, b[j1:j2], b[j1][0]))
            continue
        if i2 > i1:
            segments.append(_run(DELETE, a[i1:i2], a[i1][0]))
        if j2 > j1:
            # Right after deleted words, new words are set apart from them ("We" "All").
            apart = b[j1][0] or (i2 > i1 and b[j1][1][0].isalnum())
            segments.append(_run(INSERT, b[j1:j2], apart))
    op = CHANGE if any(s.op != EQUAL for s in segments) else EQUAL
    return Block(kind, op, tuple(segments))


def _similarity(old: tuple[str, str], new: tuple[str, str]) -> float:
    if old[0] != new[0]:
        return 0.0  # a heading never pairs with a paragraph, nor an h2 with an h3
    tokens = [[t for _, t in _tokens(text)] for text in (old[1], new[1])]
    matcher = difflib.SequenceMatcher(None, *tokens, autojunk=False)
    if matcher.real_quick_ratio() < PAIRING_RATIO or matcher.quick_ratio() < PAIRING_RATIO:
        return 0.0
    return matcher.ratio()


def _pair(olds: list[tuple[str, str]], news: list[tuple[str, str]]) -> list[Block]:
    """A changed stretch: pair similar blocks in order (most total similarity), the rest are
    deleted or inserted where they stand."""
    n, m = len(olds), len(news)
    if n * m > MAX_PAIRINGS:
        return [_whole(*o, DELETE) for o in olds] + [_whole(*b, INSERT) for b in news]
    sim = [[_similarity(o, b) for b in news] for o in olds]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            paired = best[i + 1][j + 1] + sim[i][j] if sim[i][j] >= PAIRING_RATIO else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired)
    blocks: list[Block] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and sim[i][j] >= PAIRING_RATIO and best[i][j] == best[i + 1][j + 1] + sim[i][j]:
            blocks.append(_word_diff(olds[i][0], olds[i][1], news[j][1]))
            i, j = i + 1, j + 1
            continue
        can_delete = i < n and (j == m or best[i][j] == best[i + 1][j])
        can_insert = j < m and (i == n or best[i][j] == best[i][j + 1])
        if can_delete and can_insert:
            # Either order is as good: a new block that continues the previous one (the next
            # item of a list) comes first, so that a list is not split by a removed section.
            previous = blocks[-1].kind if blocks else None
            can_delete = not (news[j][0] == previous != olds[i][0])
        if can_delete:
            blocks.append(_whole(*olds[i], DELETE))
            i += 1
        else:
            blocks.append(_whole(*news[j], INSERT))
            j += 1
    return blocks


def _count(blocks: list[Block], op: str) -> int:
    """Words only: punctuation is not counted."""
    return sum(
        sum(1 for _, token in _tokens(s.text) if token[0].isalnum())
        for block in blocks
        for s in block.segments
        if s.op == op
    )


def diff_texts(old: str, new: str) -> DiffResult:
    old_blocks, new_blocks = parse_blocks(old), parse_blocks(new)
    blocks: list[Block] = []
    matcher = difflib.SequenceMatcher(None, old_blocks, new_blocks, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks += [_whole(kind, text, EQUAL) for kind, text in old_blocks[i1:i2]]
        elif tag == "delete":
            blocks += [_whole(kind, text, DELETE) for kind, text in old_blocks[i1:i2]]
        elif tag == "insert":
            blocks += [_whole(kind, text, INSERT) for kind, text in new_blocks[j1:j2]]
        else:
            blocks += _pair(old_blocks[i1:i2], new_blocks[j1:j2])
    return DiffResult(blocks, _count(blocks, INSERT), _count(blocks, DELETE))
