"""A small element tree built with the standard library's HTML parser, for tests that read HTML pages.

The report tests need to ask structural questions ("every bar of the encodings chart", "the text inside
<del>") of pages written by our renderer and of the DOM that Chromium dumps. ``html.parser`` tokenizes
like a browser (character references decoded, ``<script>`` recognized wherever it appears), and this
module only adds nesting on top of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        """All text inside this element, as the reader sees it."""
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str, css_class: str | None = None, **attrs: str) -> list[Element]:
        return [
            element
            for element in self.iter()
            if element.tag == tag
            and (css_class is None or css_class in element.classes)
            and all(element.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())
        ]

    def find(self, tag: str, css_class: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, css_class, **attrs)
        if len(found) != 1:
            raise LookupError(f"expected one <{tag} class={css_class} {attrs}>, found {len(found)}")
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.start_tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start_tags.append(tag)
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start_tags.append(tag)
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@dataclass
class Page:
    root: Element
    start_tags: list[str]
    """Every start tag in document order, including any the tree might hide (a stray <script>)."""


def parse_html(text: str) -> Page:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return Page(builder.root, builder.start_tags)
