"""The one canonical rendering of a version: what the page shows, what is hashed, what is diffed.

The hash covers a plain-text form built from the stored blocks (title, headings, paragraphs),
not the final HTML: the proof stays verifiable after a template or Wagtail upgrade changes
the markup, while any change of wording changes the hash.
"""

import hashlib
import html
import re
from dataclasses import dataclass, field

from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<li[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    level: int


@dataclass(frozen=True)
class RenderedVersion:
    html: SafeString
    text: str
    toc: list[TocEntry] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def rich_text_to_plain(source: str) -> str:
    """Plain text of a rich-text source: one line per paragraph or list item."""
    text = _LIST_ITEM.sub("\n- ", source)
    text = _BLOCK_END.sub("\n", text)
    text = html.unescape(strip_tags(text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _unique_anchor(text: str, used: set[str]) -> str:
    base = slugify(text) or "section"
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def render_version(version) -> RenderedVersion:
    """Render a version's body to HTML (with anchored headings) and to its canonical text."""
    used: set[str] = set()
    toc: list[TocEntry] = []
    html_parts: list[str] = []
    text_parts: list[str] = [version.title.strip()]
    for block in version.body:
        if block.block_type in ("heading", "subheading"):
            level = 2 if block.block_type == "heading" else 3
            title = str(block.value).strip()
            anchor = _unique_anchor(title, used)
            toc.append(TocEntry(anchor=anchor, title=title, level=level))
            html_parts.append(format_html('<h{0} id="{1}">{2}</h{0}>', level, anchor, title))
            text_parts.append(("## " if level == 2 else "### ") + title)
        elif block.block_type == "paragraph":
            html_parts.append(str(block.value))
            plain = rich_text_to_plain(block.value.source)
            if plain:
                text_parts.append(plain)
    return RenderedVersion(html=mark_safe("\n".join(html_parts)), text="\n".join(text_parts), toc=toc)  # noqa: S308
