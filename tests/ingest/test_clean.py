"""Boilerplate removal and article splitting, on hand-made pages and on the shared seed pages."""

from __future__ import annotations

import json
import subprocess
import sys

from steppe.ingest.articles import articles_from_document
from steppe.ingest.clean import split_page
from steppe.ingest.readers import read_paths
from steppe.model import Document

PAGE = """Log In
Subscribe

The Daily Steppe

Kyrgyzstan buys more Turkish drones for its border service

Kyrgyzstan buys more Turkish drones for its border service

The purchase follows an earlier order of Bayraktar TB2 aircraft.

March 3, 2023

Share

Photo: Ministry of Defence

Kyrgyzstan has bought a further batch of Turkish combat drones for its border service, officials said.

The drones were delivered to an airbase near Bishkek last week and will patrol the southern frontier.

Advertisement

The defence ministry did not disclose the price of the deal.

Related articles
Drones over the Fergana valley
Who sells arms to Central Asia

Cookie Policy
Privacy Policy
"""

MULTI = """By Anna Smith

Türkiye and Azerbaijan held joint military exercises near Baku in September, the defence ministry said.

Credit: Wikimedia Commons

The drills involved special forces from both countries and lasted ten days.

AUTHOR'S BIO: Anna Smith is a research fellow at a think tank.

By John Brown

Kazakhstan signed an agreement with Türkiye to produce drones under licence, officials confirmed.

IMPLICATIONS: The deal gives Astana its first production line for unmanned aircraft in the country.

AUTHOR'S BIO: John Brown is an analyst.

Newsletter
Earlier Articles
Visit also
"""


def test_clean_drops_furniture_and_keeps_body():
    (piece,) = split_page(PAGE)
    text = piece.text
    assert piece.title == "Kyrgyzstan buys more Turkish drones for its border service"
    assert piece.date_line == "March 3, 2023"
    assert text.startswith("Kyrgyzstan has bought a further batch")
    assert "did not disclose the price" in text
    for junk in ("Log In", "Subscribe", "Share", "Photo:", "Advertisement", "Related articles", "Cookie",
                 "Fergana valley", "The purchase follows"):
        assert junk not in text


def test_clean_splits_one_article_per_byline_and_drops_bios_and_credits():
    pieces = split_page(MULTI)
    assert [p.author for p in pieces] == ["Anna Smith", "John Brown"]
    assert "Credit:" not in pieces[0].text and "AUTHOR'S BIO" not in pieces[0].text
    assert pieces[0].text.endswith("lasted ten days.")
    assert pieces[1].text.startswith("Kazakhstan signed an agreement")
    assert "Newsletter" not in pieces[1].text and "Earlier Articles" not in pieces[1].text


def test_clean_prepared_text_keeps_a_single_sentence():
    (piece,) = split_page("Yemen has rejected a U.S. request to interrogate detainees.", page=False)
    assert piece.text == "Yemen has rejected a U.S. request to interrogate detainees."


def test_articles_metadata_from_text_page():
    (art,) = articles_from_document(Document(doc="x.txt", raw=PAGE))
    assert art.published == "2023-03-03" and art.index == 0 and art.doc == "x.txt"


def test_articles_html_page_main_text_and_metadata():
    from tests.conftest import FIXTURES

    (doc,) = list(read_paths([str(FIXTURES / "page.html")]))
    (art,) = articles_from_document(doc)
    assert art.title == "Kyrgyzstan takes delivery of Turkish drones"
    assert art.published == "2023-03-14"
    assert "Bayraktar Akinci" in art.text and "signed a defence cooperation agreement" in art.text
    for junk in ("cookies", "Most read", "newsletter", "Privacy policy", "Home"):
        assert junk not in art.text


def test_clean_seed_pages_article_boundaries(seeds):
    """The seed pages: one article, one article, four articles; no furniture in the bodies."""
    counts = []
    for path in seeds:
        (doc,) = list(read_paths([str(path)]))
        arts = articles_from_document(doc)
        counts.append(len(arts))
        for a in arts:
            for junk in ("Log In", "Try PRO", "Unlock premium", "Cookie Policy", "Credit: Wikimedia",
                         "AUTHOR’S BIO", "Feature Articles", "Newsletter"):
                assert junk not in a.text
    assert counts == [1, 1, 4]


def test_clean_seed_pages_score(shared, tmp_path):
    """The scorer's body-line precision and recall on the seed pages stay at or above 0.97."""
    pred = tmp_path / "articles.jsonl"
    out = subprocess.run([sys.executable, "-m", "steppe", "articles", "--format", "jsonl",
                          str(shared / "corpus" / "seeds")], capture_output=True, text=True, check=True)
    pred.write_text(out.stdout)
    res = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "articles", "--gold",
                          str(shared / "eval" / "dev"), "--pred", str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    figures = json.loads(res.stdout)
    assert figures["body_line_precision"] >= 0.97
    assert figures["body_line_recall"] >= 0.97
    assert figures["article_count_accuracy"] == 1.0


WIRE_PAGE = """Skip to main content
World
Uzbekistan opens a drone assembly line with Turkish help
Published 4 June 2024
Image source, Getty Images
Image caption, Workers at a factory near Tashkent
TASHKENT, June 4 (Wire) - Uzbekistan opened a drone assembly line on Tuesday with Turkish help, officials said.

The line will build small reconnaissance drones for the border service, the ministry said.

Advertisement - Scroll to continue

(Reporting by Jane Roe; Editing by John Doe)
Our Standards: The Trust Principles.
"""

ANALYSIS_PAGE = """Home / Analysis
The quiet rise of Turkic defence ties
Gulnara Abenova
March 3, 2025
Facebook
Twitter
Kazakhstan and Azerbaijan held their first joint naval drill in the Caspian Sea in 2024.[1]

Both governments describe the drills as routine.

Notes
[1] Ministry statement, 2024.
Gulnara Abenova is a research fellow at an Almaty think tank.
"""


def test_clean_wire_furniture_credits_and_captions():
    (art,) = articles_from_document(Document(doc="w.txt", raw=WIRE_PAGE))
    assert art.published == "2024-06-04"
    assert art.text.startswith("TASHKENT, June 4")
    for junk in ("Image source", "Image caption", "Scroll to continue", "Reporting by", "Our Standards"):
        assert junk not in art.text


def test_clean_author_line_beside_the_date_notes_and_bio_end_the_body():
    (art,) = articles_from_document(Document(doc="a.txt", raw=ANALYSIS_PAGE))
    assert art.author == "Gulnara Abenova" and art.published == "2025-03-03"
    assert art.text.endswith("Both governments describe the drills as routine.")


DIGEST_PAGE = """Caspian Digest
Home | News | Analysis

Kazakhstan and Turkey sign a drone deal
12 March 2025
Kazakhstan and Turkey signed an agreement on Wednesday to build drones near Astana, officials said.

Uzbekistan hosts Turkic defence ministers
14 March 2025
Uzbekistan hosted the defence ministers of the Organization of Turkic States in Tashkent on Friday.

© 2025 Caspian Digest
"""


def test_clean_splits_a_digest_by_headline_and_date():
    arts = articles_from_document(Document(doc="d.txt", raw=DIGEST_PAGE))
    assert [a.title for a in arts] == ["Kazakhstan and Turkey sign a drone deal",
                                       "Uzbekistan hosts Turkic defence ministers"]
    assert [a.published for a in arts] == ["2025-03-12", "2025-03-14"]
    assert "Uzbekistan" not in arts[0].text
