"""The actor knowledge base: spelling variants, demonyms, capitals, people, organisations, weapons."""

from __future__ import annotations

from pathlib import Path

import pytest

from steppe.extract.gazetteer import load_gazetteer
from steppe.resources import data_path, read_tsv, split_cell


def found(text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.entries[0].code) for m in load_gazetteer().find(text)]


@pytest.mark.parametrize("text,code", [
    ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Turkiye", "TUR"), ("Kirghizia", "KGZ"), ("Kyrgyzstan", "KGZ"),
    ("Aliyev", "AZE"), ("Aliev", "AZE"), ("Mirziyoyev", "UZB"), ("Mirziyoev", "UZB"), ("Tokayev", "KAZ"),
    ("Toqaev", "KAZ"), ("Japarov", "KGZ"), ("Zhaparov", "KGZ"), ("Berdimuhamedov", "TKM"),
    ("Erdoğan", "TUR"), ("Erdogan", "TUR"), ("Ankara", "TUR"), ("Nur-Sultan", "KAZ"), ("Kremlin", "RUS"),
    ("Turkic Council", "OTS"), ("Council of Turkic-speaking States", "OTS"), ("CSTO", "CSTO"),
    ("Baykar", "TUR"), ("Roketsan", "TUR"), ("Bayraktar TB2", "TUR"), ("Akıncı", "TUR"), ("Akinci", "TUR"),
    ("Aksungur", "TUR"), ("Samarkand", "UZB"), ("Gabala", "AZE"),
])
def test_actors_aliases_resolve(text, code):
    hits = found(f"Reports mention {text} today.")
    assert hits and hits[0] == (text, code), hits


def test_actors_case_rules():
    assert found("tell us more") == []  # "us" is not the United States
    assert found("The US and the UN met.") == [("US", "USA"), ("UN", "UN")]
    assert found("a roast turkey") == []  # a bird needs no capital


def test_actors_demonyms_and_word_boundaries():
    assert found("Kazakh and Uzbek officials") == [("Kazakh", "KAZ"), ("Uzbek", "UZB")]
    assert found("Turkmenistan's drones") == [("Turkmenistan", "TKM")]
    assert found("US$ 8 billion") == []


def test_actors_files_are_well_formed():
    root = data_path("actors")
    states = read_tsv(root / "states.tsv")
    assert len(states) >= 249 and all(r["code"] and r["names"] for r in states)
    for name in ("people.tsv", "organisations.tsv", "companies.tsv", "weapons.tsv", "places.tsv"):
        rows = read_tsv(root / name)
        assert rows, name
    state_codes = {r["code"] for r in states}
    for row in read_tsv(root / "organisations.tsv"):
        code = row["code"]
        # a three-letter code reads as a state: only the contract's organisations and governments may use one
        if len(code) == 3 and code.isalpha() and code.isupper():
            assert code in ("OTS", "SCO", "CIS", "CAC") or (row["kind"] == "government" and code in state_codes)


def test_actors_analyst_folder_adds_aliases(tmp_path: Path, monkeypatch):
    extra = tmp_path / "actors"
    extra.mkdir()
    (extra / "people.tsv").write_text("code\tname\taliases\trole\tfrom\tto\n"
                                      "KGZ\tTestperson Omurbekova\tOmurbekova\tofficial\t2024\t\n", encoding="utf-8")
    (extra / "states.tsv").write_text("code\tnames\tadjectives\tcapitals\n", encoding="utf-8")
    monkeypatch.setenv("STEPPE_ACTORS", str(extra))
    hits = [(m.entries[0].code, m.entries[0].name) for m in load_gazetteer().find("Omurbekova spoke.")]
    assert hits == [("KGZ", "Testperson Omurbekova")]
    assert split_cell("a| b |") == ["a", "b"]
