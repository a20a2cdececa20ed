"""A synthetic benchmark corpus: the demo corpus and the seed pages, shuffled and replicated as JSON lines.

Every copy must be a genuinely new document, or the store would skip it (same content hash) or fold
it into an earlier one (near-duplicate: MinHash Jaccard >= 0.5 of word 3-shingles). So a copy takes
about half the sentences of a primary article and of two partner articles, regroups them into
paragraphs of two to four sentences, shuffles the sentences within each paragraph and the
paragraphs themselves. Two copies built from the same three articles share about a third of their
sentences (Jaccard ~ 0.33 at worst); most copies share far less.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from steppe.errors import SteppeError
from steppe.extract.sentences import split_sentences
from steppe.ingest.articles import articles_from_document
from steppe.ingest.readers import read_paths
from steppe.model import Article, Document
from steppe.resources import PACKAGE_DIR, data_path

KEEP = 0.5  # share of an article's sentences a copy takes
PARTNERS = 2  # other articles whose sentences are mixed in


@dataclass
class BaseArticle:
    """A source article reduced to what a copy needs: its sentences, date and title."""

    sentences: list[str]
    published: str | None
    title: str | None


@dataclass
class Corpus:
    """The corpus written to `path`: documents, sentences (as steppe splits them) and characters."""

    path: Path
    documents: int
    sentences: int
    chars: int
    base_articles: int


def default_sources() -> list[Path]:
    """The demo corpus and, when present, ../shared/corpus/seeds next to the repository."""
    sources = [data_path("demo")]
    roots = [Path(os.environ["STEPPE_SHARED"])] if os.environ.get("STEPPE_SHARED") else []
    roots += [PACKAGE_DIR.parent.parent / "shared", Path.cwd().parent / "shared"]
    for root in roots:
        if (root / "corpus" / "seeds").is_dir():
            sources.append(root / "corpus" / "seeds")
            break
    return sources


def base_articles(sources: Iterable[Path]) -> list[BaseArticle]:
    """The articles of the source pages (any kind steppe reads), split into sentences."""
    out = []
    for item in read_paths([str(s) for s in sources]):
        if not isinstance(item, Document):
            continue
        try:
            articles = articles_from_document(item)
        except SteppeError:
            continue
        out.extend(_base(a) for a in articles)
    out = [b for b in out if len(b.sentences) >= 2]
    if len(out) < PARTNERS + 1:
        raise SteppeError(f"benchmark corpus: too few articles in {', '.join(map(str, sources))}")
    return out


def _base(article: Article) -> BaseArticle:
    sents = [s.text for s in split_sentences(article.text) if s.text.strip()]
    return BaseArticle(sents, article.published, article.title)


def make_copy(primary: BaseArticle, partners: list[BaseArticle], rng: random.Random) -> str:
    """One new article body from a sample of the primary's and the partners' sentences."""
    paragraphs: list[list[str]] = []
    for art in [primary, *partners]:
        k = max(1, round(len(art.sentences) * KEEP))
        picked = rng.sample(art.sentences, k)
        while picked:
            size = rng.randint(2, 4)
            paragraphs.append(picked[:size])
            picked = picked[size:]
    rng.shuffle(paragraphs)
    return "\n\n".join(" ".join(p) for p in paragraphs)


def iter_records(bases: list[BaseArticle], seed: int = 0) -> Iterator[dict]:
    """Endless JSON-lines records (id, text, published, title), each a distinct document."""
    rng = random.Random(seed)
    n = 0
    while True:
        order = list(range(len(bases)))
        rng.shuffle(order)
        for i in order:
            others = rng.sample([j for j in range(len(bases)) if j != i], PARTNERS)
            primary = bases[i]
            text = make_copy(primary, [bases[j] for j in others], rng)
            yield {"id": f"bench-{n:07d}", "text": text, "published": primary.published,
                   "title": f"{primary.title or 'Untitled'} [{n}]"}
            n += 1


def count_sentences(record: dict) -> int:
    """Sentences steppe sees in a record: its articles' text split by `split_sentences`."""
    doc = Document(doc=record["id"], raw=record["text"], kind="prepared", title=record.get("title"),
                   published=record.get("published"))
    try:
        return sum(len(split_sentences(a.text)) for a in articles_from_document(doc))
    except SteppeError:
        return 0


def build_corpus(path: Path, sentences: int, sources: Iterable[Path] | None = None, seed: int = 0) -> Corpus:
    """Write records to `path` (JSON lines) until they hold at least `sentences` sentences."""
    srcs = list(sources) if sources is not None else default_sources()
    bases = base_articles(srcs)
    total = docs = chars = 0
    with open(path, "w", encoding="utf-8") as fh:
        for rec in iter_records(bases, seed):
            if total >= sentences:
                break
            n = count_sentences(rec)
            if n == 0:
                continue
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            total += n
            docs += 1
            chars += len(rec["text"])
    return Corpus(path, docs, total, chars, len(bases))


def head_corpus(corpus: Corpus, path: Path, docs: int) -> Corpus:
    """The first `docs` documents of `corpus` written to `path`, as a corpus of their own."""
    n = sents = chars = 0
    with open(corpus.path, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        for line in src:
            if n >= max(1, docs):
                break
            rec = json.loads(line)
            dst.write(line)
            n += 1
            sents += count_sentences(rec)
            chars += len(rec["text"])
    return Corpus(path, n, sents, chars, corpus.base_articles)


def iter_texts(path: Path) -> Iterator[str]:
    """The texts of a corpus file, one per record (for the bare tokeniser baseline)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)["text"]
