-- steppe database schema (DuckDB). Every event points to the article it was read from, every
-- article to the documents (files, URLs) it was seen in: provenance down to character offsets.

CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- One row per input unit read (a file, a JSON line, a feed entry, a WARC record).
CREATE TABLE IF NOT EXISTS documents (
    doc_hash VARCHAR PRIMARY KEY,      -- content hash of the raw input: re-ingesting adds nothing
    doc_id VARCHAR NOT NULL,           -- path as given, JSON-lines id, or URL
    source VARCHAR,                    -- file the document came from
    url VARCHAR,
    kind VARCHAR,                      -- text | html | prepared | fragment
    n_articles INTEGER,
    ingested_at TIMESTAMP DEFAULT current_timestamp
);

-- One row per distinct article body; near-duplicates from other outlets become extra sources.
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY,    -- hash of the normalised body
    doc_id VARCHAR NOT NULL,
    doc_hash VARCHAR NOT NULL,
    idx INTEGER NOT NULL,              -- position of the article in its document
    title VARCHAR,
    author VARCHAR,
    published VARCHAR,                 -- ISO partial
    publisher VARCHAR,
    url VARCHAR,
    source VARCHAR,
    text VARCHAR NOT NULL,
    minhash BLOB                       -- MinHash signature for near-duplicate detection
);

-- Every place an article was seen: the first document, exact copies and near-duplicates.
CREATE TABLE IF NOT EXISTS sources (
    article_id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    doc_hash VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    source VARCHAR,
    url VARCHAR,
    publisher VARCHAR,
    published VARCHAR,
    title VARCHAR,
    similarity DOUBLE,                 -- 1.0 for the article's own document
    PRIMARY KEY (article_id, doc_id, idx)
);

-- Near-duplicate index: the locality-sensitive hash bands of each stored article's MinHash
-- signature (25 bands of 5 values; key: the band's values hashed to 64 bits, see store.band_keys).
-- Two articles are compared when a band of theirs is equal (meta near_index names the layout).
CREATE TABLE IF NOT EXISTS article_bands (
    band UTINYINT NOT NULL,
    key BIGINT NOT NULL,
    article_id VARCHAR NOT NULL
);

-- One row per event report (an event read from one article).
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    event_type VARCHAR,
    mode VARCHAR,
    context VARCHAR[],
    date VARCHAR,
    status VARCHAR NOT NULL,
    location VARCHAR,
    evidence VARCHAR NOT NULL,
    ev_start INTEGER,                  -- character offsets of the evidence in the article text
    ev_end INTEGER,
    confidence DOUBLE,
    trigger VARCHAR,
    cluster_id VARCHAR                 -- the real-world event this report belongs to (clusters)
);

CREATE TABLE IF NOT EXISTS event_actors (
    event_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,             -- actor | recipient
    position INTEGER NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR,
    sector VARCHAR,
    PRIMARY KEY (event_id, role, position)
);

-- One row per real-world event: the reports of it from all articles merged (see docs/merging.md).
CREATE TABLE IF NOT EXISTS clusters (
    cluster_id VARCHAR PRIMARY KEY,    -- the event_id of its first report: stable across re-ingest
    category VARCHAR NOT NULL,
    event_type VARCHAR,
    mode VARCHAR,
    context VARCHAR[],
    status VARCHAR NOT NULL,
    date VARCHAR,                      -- reconciled: the most precise date consistent with the reports
    location VARCHAR,
    n_reports INTEGER,
    n_articles INTEGER,                -- as GDELT's NumArticles
    n_sources INTEGER,                 -- distinct outlets (publisher, else source file), as NumSources
    first_report VARCHAR,              -- publication date (else ingest date) of the first and last report
    last_report VARCHAR,
    confidence DOUBLE,
    follows VARCHAR,                   -- the planned event (cluster) this event carried out
    review VARCHAR DEFAULT 'unreviewed' -- unreviewed | confirmed | corrected | rejected (see reviews)
);

CREATE TABLE IF NOT EXISTS cluster_actors (
    cluster_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR,
    sector VARCHAR,
    PRIMARY KEY (cluster_id, role, position)
);

-- Analyst review of merged events: confirm, reject, or correct a field. The latest review of a
-- field wins; reviews are keyed by cluster id, which re-ingesting the same inputs keeps.
CREATE TABLE IF NOT EXISTS reviews (
    review_id VARCHAR PRIMARY KEY,
    cluster_id VARCHAR NOT NULL,
    action VARCHAR NOT NULL,           -- confirm | reject | correct
    field VARCHAR,                     -- category | event_type | actor | recipient | date (correct only)
    value VARCHAR,                     -- JSON: a string, or a list of codes for actor/recipient
    reviewer VARCHAR,
    note VARCHAR,
    created_at TIMESTAMP DEFAULT current_timestamp
);

-- Watch state: indicator levels at each run, so alerts fire only on a change.
CREATE TABLE IF NOT EXISTS watch_runs (
    run_id VARCHAR PRIMARY KEY,
    watchlist VARCHAR NOT NULL,
    as_of VARCHAR NOT NULL,
    created_at TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS watch_levels (
    run_id VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    window_start VARCHAR,
    count INTEGER,
    baseline DOUBLE,
    level VARCHAR,
    trend VARCHAR,
    PRIMARY KEY (run_id, indicator)
);
