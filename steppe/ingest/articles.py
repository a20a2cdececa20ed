"""Turn one Document into its Articles: main text, boilerplate removal, splitting, metadata."""

from __future__ import annotations

from steppe.errors import InputError
from steppe.ingest.clean import Piece, split_page
from steppe.ingest.html import fragment_text, html_main_text
from steppe.ingest.lines import norm
from steppe.ingest.metadata import iso_partial, parse_date
from steppe.model import Article, Document


def articles_from_document(doc: Document) -> list[Article]:
    """The articles of a document, in page order; raises InputError when none can be read."""
    title, author, published, publisher, url = doc.title, doc.author, doc.published, doc.publisher, doc.url
    if doc.kind == "html":
        main = html_main_text(doc.raw, doc.doc, url=doc.url)
        pieces = split_page(main.text, page=False)
        title = title or main.title
        author = author or main.author
        published = published or main.published
        publisher = publisher or main.publisher
        url = url or main.url
    elif doc.kind == "fragment":
        pieces = split_page(fragment_text(doc.raw), page=False)
    elif doc.kind == "prepared":
        pieces = split_page(doc.raw, page=False)
    else:
        pieces = split_page(doc.raw, page=True)
    pieces = [p for p in pieces if p.paragraphs]
    if not pieces:
        raise InputError(doc.doc, "no article text found")
    single = len(pieces) == 1
    out = []
    for i, piece in enumerate(pieces):
        _drop_repeated_title(piece, title)
        if not piece.paragraphs:
            continue
        out.append(Article(
            doc=doc.doc,
            index=len(out),
            text=piece.text,
            title=piece.title or (title if single else None),
            author=piece.author or (author if single else None),
            published=iso_partial(published) if single and published else parse_date(piece.date_line),
            source=doc.source,
            url=url,
            publisher=publisher,
        ))
        del i
    if not out:
        raise InputError(doc.doc, "no article text found")
    return out


def _drop_repeated_title(piece: Piece, title: str | None) -> None:
    """Extractors often print the headline again as the first paragraph."""
    if title and piece.paragraphs and norm(piece.paragraphs[0]) == norm(title) and len(piece.paragraphs) > 1:
        piece.paragraphs.pop(0)
