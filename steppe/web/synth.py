"""A synthetic steppe database of merged events for load tests: realistic codes, categories, dates over
five years, several reports per event, articles whose text holds each report's evidence. Rows are
written straight into the schema's tables (through CSV files DuckDB bulk-loads), from a seeded random."""

from __future__ import annotations

import csv
import hashlib
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from steppe.store.store import Store

STATES = {"TUR": ("Türkiye", 14), "AZE": ("Azerbaijan", 11), "KAZ": ("Kazakhstan", 11), "UZB": ("Uzbekistan", 9),
          "KGZ": ("Kyrgyzstan", 7), "TKM": ("Turkmenistan", 4), "HUN": ("Hungary", 3), "RUS": ("Russia", 10),
          "CHN": ("China", 7), "IRN": ("Iran", 6), "USA": ("the United States", 5), "ARM": ("Armenia", 4),
          "TJK": ("Tajikistan", 4), "PAK": ("Pakistan", 2), "UKR": ("Ukraine", 2), "GEO": ("Georgia", 2),
          "IND": ("India", 1), "FRA": ("France", 1), "DEU": ("Germany", 1)}
ORGS = {"OTS": ("the Organization of Turkic States", 5), "EU": ("the European Union", 3),
        "CSTO": ("the CSTO", 2), "SCO": ("the SCO", 2), "NATO": ("NATO", 1), "UN": ("the United Nations", 1)}
# category: (weight, PLOVER types, verb phrase, context)
CATEGORIES = {
    "meeting": (22, ["CONSULT"], "held talks with", "diplomatic"),
    "statement": (14, [None, "SUPPORT"], "issued a statement on", "diplomatic"),
    "agreement": (12, ["AGREE"], "signed an agreement with", "diplomatic"),
    "economic": (8, ["COOPERATE"], "agreed an investment package with", "economic"),
    "conflict": (6, ["ASSAULT", "MOBILIZE"], "clashed with", "military"),
    "criticism": (6, ["ACCUSE", "PROTEST"], "criticised", "diplomatic"),
    "pressure": (6, ["THREATEN", "SANCTION", "COERCE"], "put pressure on", "diplomatic"),
    "institutional": (5, ["COOPERATE"], "set up a joint body with", "diplomatic"),
    "arms_transfer": (5, ["AID"], "delivered Bayraktar TB2 drones to", "military"),
    "exercise": (5, ["COOPERATE"], "held joint military exercises with", "military"),
    "defence_industry": (4, ["COOPERATE"], "agreed joint drone production with", "military"),
    "military_aid": (4, ["AID"], "sent military aid to", "military"),
    "intelligence": (3, ["COOPERATE"], "agreed to share intelligence with", "military"),
}
PLACES = ["Ankara", "Baku", "Astana", "Tashkent", "Bishkek", "Ashgabat", "Istanbul", "Samarkand", "Shusha",
          "Moscow", "Beijing", "Tehran", "Dushanbe", "Budapest", "Gabala", "Nakhchivan", "Washington"]
PUBLISHERS = ["Anatolia Defence Review", "Steppe Newswire", "Eurasia Wire Service", "Caspian Monitor",
              "Transatlantic Eurasia Report", "Central Asia Daily", "Baku Herald", "Astana Times Online"]
START = date(2021, 1, 1)
DAYS = 5 * 365


def _hash(*parts: Any) -> str:
    return hashlib.md5("\x00".join(map(str, parts)).encode()).hexdigest()  # noqa: S324 - ids, not security


class _Writer:
    """One CSV file per table, loaded in bulk at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, Any] = {}
        self.writers: dict[str, Any] = {}

    def row(self, table: str, values: list[Any]) -> None:
        if table not in self.writers:
            f = (self.folder / f"{table}.csv").open("w", newline="", encoding="utf-8")
            self.files[table] = f
            self.writers[table] = csv.writer(f)
        self.writers[table].writerow(["" if v is None else v for v in values])

    def close(self) -> None:
        for f in self.files.values():
            f.close()


TABLE_COLUMNS = {
    "documents": "doc_hash VARCHAR, doc_id VARCHAR, source VARCHAR, url VARCHAR, kind VARCHAR, n_articles INTEGER",
    "articles": "article_id VARCHAR, doc_id VARCHAR, doc_hash VARCHAR, idx INTEGER, title VARCHAR, author VARCHAR, "
                "published VARCHAR, publisher VARCHAR, url VARCHAR, source VARCHAR, text VARCHAR",
    "sources": "article_id VARCHAR, doc_id VARCHAR, doc_hash VARCHAR, idx INTEGER, source VARCHAR, url VARCHAR, "
               "publisher VARCHAR, published VARCHAR, title VARCHAR, similarity DOUBLE",
    "events": "event_id VARCHAR, article_id VARCHAR, doc_id VARCHAR, category VARCHAR, event_type VARCHAR, "
              "mode VARCHAR, context VARCHAR, date VARCHAR, status VARCHAR, location VARCHAR, evidence VARCHAR, "
              "ev_start INTEGER, ev_end INTEGER, confidence DOUBLE, trigger VARCHAR, cluster_id VARCHAR",
    "event_actors": "event_id VARCHAR, role VARCHAR, position INTEGER, code VARCHAR, name VARCHAR, sector VARCHAR",
    "clusters": "cluster_id VARCHAR, category VARCHAR, event_type VARCHAR, mode VARCHAR, context VARCHAR, "
                "status VARCHAR, date VARCHAR, location VARCHAR, n_reports INTEGER, n_articles INTEGER, "
                "n_sources INTEGER, first_report VARCHAR, last_report VARCHAR, confidence DOUBLE, follows VARCHAR, "
                "review VARCHAR",
    "cluster_actors": "cluster_id VARCHAR, role VARCHAR, position INTEGER, code VARCHAR, name VARCHAR, sector VARCHAR",
}


def _load(store: Store, folder: Path) -> None:
    con = store.con
    for table, columns in TABLE_COLUMNS.items():
        path = folder / f"{table}.csv"
        if not path.exists():
            continue
        cols = ", ".join(f"'{c.split()[0]}': '{c.split()[1]}'" for c in columns.split(", "))
        src = f"read_csv(?, header=false, columns={{{cols}}}, quote='\"', escape='\"', nullstr='')"
        select = "*"
        if table in ("events", "clusters"):
            names = [c.split()[0] for c in columns.split(", ")]
            select = ", ".join("string_split(context, '|')" if n == "context" else n for n in names)
        con.execute(f"INSERT INTO {table} ({', '.join(c.split()[0] for c in columns.split(', '))}) "  # noqa: S608
                    f"SELECT {select} FROM {src}", [str(path)])


def _pick(rng: random.Random, table: dict[str, tuple[str, int]]) -> str:
    return rng.choices(list(table), weights=[w for _, w in table.values()])[0]


def _date(rng: random.Random) -> str | None:
    d = START + timedelta(days=rng.randrange(DAYS))
    r = rng.random()
    if r < 0.70:
        return d.isoformat()
    if r < 0.90:
        return d.isoformat()[:7]
    return d.isoformat()[:4] if r < 0.95 else None


def first_day(when: str | None) -> date:
    """The first day of an ISO partial date ('2024' -> 2024-01-01); undated events are published mid-2023."""
    if not when:
        return date(2023, 6, 1)
    parts = [int(p) for p in when.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def generate(db: str | Path, events: int = 100_000, seed: int = 7) -> dict[str, int]:
    """Write `events` merged events (with their reports, articles and sources) into a new database."""
    rng = random.Random(seed)
    names = {**STATES, **ORGS}
    cats = list(CATEGORIES)
    cat_weights = [CATEGORIES[c][0] for c in cats]
    counts = {"clusters": 0, "events": 0, "articles": 0}
    with tempfile.TemporaryDirectory() as tmp, Store(db) as store:
        out = _Writer(Path(tmp))
        pending: list[tuple[str, str, str]] = []  # (event_id, evidence, published) waiting for an article
        art_no = 0

        def flush_article(force: bool = False) -> None:
            nonlocal art_no
            while pending and (force or len(pending) >= 3):
                chunk, pending[:] = pending[:3], pending[3:]
                art_no += 1
                aid, doc = _hash("article", seed, art_no), f"synthetic/{art_no}.txt"
                publisher = rng.choice(PUBLISHERS)
                published = max(p for _, _, p in chunk)
                text = ""
                for eid, ev, _ in chunk:
                    start = len(text)
                    text += ev + " "
                    offsets[eid] = (aid, doc, start, start + len(ev))
                title = chunk[0][1][:70]
                dh = _hash("doc", seed, art_no)
                out.row("documents", [dh, doc, doc, None, "text", 1])
                out.row("articles", [aid, doc, dh, 0, title, None, published, publisher,
                                     f"https://example.org/{art_no}", doc, text.strip()])
                out.row("sources", [aid, doc, dh, 0, doc, f"https://example.org/{art_no}", publisher, published, title,
                                    1.0])
                counts["articles"] += 1

        offsets: dict[str, tuple[str, str, int, int]] = {}
        reports: list[list[Any]] = []
        for n in range(events):
            cat = rng.choices(cats, weights=cat_weights)[0]
            _, types, verb, context = CATEGORIES[cat]
            etype = rng.choice(types)
            actors = list(dict.fromkeys(_pick(rng, names) for _ in range(rng.choice([1, 1, 1, 2, 3]))))
            recips = [c for c in dict.fromkeys(_pick(rng, names) for _ in range(rng.choice([0, 1, 1, 1, 2])))
                      if c not in actors]
            when = _date(rng)
            status = rng.choices(["occurred", "future", "hypothetical", "negated"], [85, 10, 3, 2])[0]
            location = rng.choice(PLACES) if rng.random() < 0.6 else None
            n_reports = rng.choices([1, 2, 3, 4], [60, 25, 10, 5])[0]
            cid = _hash("event", seed, n, 0)
            published = (first_day(when) + timedelta(days=rng.randrange(3))).isoformat()
            subject = " and ".join(names[a][0] for a in actors)
            obj = " and ".join(names[r][0] for r in recips) or "partners"
            confidence = round(rng.uniform(0.5, 0.99), 2)
            for k in range(n_reports):
                eid = cid if k == 0 else _hash("event", seed, n, k)
                place = f" in {location}" if location else ""
                evidence = (f"{subject[0].upper() + subject[1:]} {verb} {obj}{place}"
                            f"{' on ' + when if when else ''}, officials said (report {k + 1}).")
                pending.append((eid, evidence, published))
                flush_article()
                reports.append([eid, cat, etype, context, when, status, location, evidence,
                                max(0.3, confidence - 0.05 * k), verb.split()[0], cid, actors, recips])
            review = rng.choices(["unreviewed", "confirmed", "rejected"], [97, 2, 1])[0]
            n_sources = min(n_reports, rng.randint(1, n_reports))
            out.row("clusters", [cid, cat, etype, None, context, status, when, location, n_reports, n_reports,
                                 n_sources, published, published, confidence, None, review])
            for role, codes in (("actor", actors), ("recipient", recips)):
                for pos, code in enumerate(codes):
                    out.row("cluster_actors", [cid, role, pos, code, names[code][0], "GOV" if code in STATES
                                               else "IGO"])
            counts["clusters"] += 1
        flush_article(force=True)
        for eid, cat, etype, context, when, status, location, evidence, conf, trigger, cid, actors, recips in reports:
            aid, doc, start, end = offsets[eid]
            out.row("events", [eid, aid, doc, cat, etype, None, context, when, status, location, evidence, start, end,
                               conf, trigger, cid])
            for role, codes in (("actor", actors), ("recipient", recips)):
                for pos, code in enumerate(codes):
                    out.row("event_actors", [eid, role, pos, code, names[code][0], "GOV" if code in STATES else "IGO"])
            counts["events"] += 1
        out.close()
        _load(store, Path(tmp))
    return counts
