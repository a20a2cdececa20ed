"""Main text and metadata of HTML pages (trafilatura), and plain text of HTML fragments."""

from __future__ import annotations

from dataclasses import dataclass

from steppe.errors import InputError


@dataclass
class HtmlText:
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None


def html_main_text(html: str, source: str, url: str | None = None) -> HtmlText:
    """The article body of a page with its metadata; raises InputError when no text is found."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True,
                                          deduplicate=False)
    except Exception as exc:  # lxml and trafilatura raise many kinds on hostile markup
        raise InputError(source, f"broken HTML ({type(exc).__name__}: {exc})") from exc
    if doc is None or not (doc.text or "").strip():
        text = fragment_text(html)
        if not text.strip():
            raise InputError(source, "HTML page holds no readable text")
        return HtmlText(text=text)
    return HtmlText(text=doc.text, title=doc.title, author=doc.author, published=doc.date,
                    publisher=doc.sitename, url=doc.url)


def fragment_text(html: str) -> str:
    """Paragraph text of an HTML fragment (feed content): blocks become blank-line paragraphs."""
    from lxml import etree
    from lxml import html as lhtml

    try:
        root = lhtml.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html
    for bad in root.xpath("//script|//style|//noscript|//iframe|//form"):
        bad.drop_tree()
    blocks = []
    block_tags = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td",
                  "figcaption", "section", "article"}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in block_tags and not any(
                isinstance(c.tag, str) and c.tag in block_tags for c in el):
            text = " ".join(el.text_content().split())
            if text:
                blocks.append(text)
    if not blocks:
        return " ".join(root.text_content().split())
    return "\n\n".join(blocks)
