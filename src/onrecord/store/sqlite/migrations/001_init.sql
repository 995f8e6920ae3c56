-- Documents are identified by the hash of their normalised text; every place a text was seen
-- (path, URL, outlet) is a row in sources, so the same text from two outlets is linked, not lost.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    byline TEXT,
    published TEXT,
    published_from TEXT,
    url TEXT,
    language TEXT,
    caption TEXT,
    source TEXT NOT NULL,
    source_type TEXT,
    chars INTEGER NOT NULL,
    duplicate_of INTEGER REFERENCES documents(id),
    story_id INTEGER,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_story ON documents(story_id);

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    source TEXT NOT NULL,
    source_type TEXT,
    outlet TEXT,
    url TEXT,
    title TEXT,
    byline TEXT,
    published TEXT,
    published_from TEXT,
    UNIQUE (document_id, source)
);

CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    UNIQUE (source, reason)
);

-- The pure per-document analysis, as JSON, so linking can be redone without re-parsing.
CREATE TABLE analyses (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    version TEXT NOT NULL,
    data TEXT NOT NULL
);

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    roles TEXT NOT NULL DEFAULT '[]',
    mentions INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    person INTEGER,
    entity_id INTEGER REFERENCES entities(id),
    UNIQUE (document_id, idx)
);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT,
    speaker_id INTEGER REFERENCES entities(id),
    speaker_mention TEXT,
    speaker_person INTEGER,
    cue TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    said_on TEXT,
    said_on_from TEXT,
    group_id INTEGER,
    UNIQUE (document_id, idx)
);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE INDEX quotes_said_on ON quotes(said_on);

CREATE TABLE pledges (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    donors TEXT NOT NULL DEFAULT '[]',
    recipient TEXT,
    amount REAL,
    currency TEXT,
    qualifier TEXT,
    program TEXT,
    purpose TEXT,
    period TEXT,
    status TEXT,
    said_on TEXT,
    speaker TEXT,
    speaker_id INTEGER REFERENCES entities(id),
    speaker_person INTEGER,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    group_id INTEGER,
    UNIQUE (document_id, idx)
);

CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    title TEXT,
    first_published TEXT,
    last_published TEXT,
    place TEXT
);

-- Opaque state of incremental linkers (MinHash signatures, story centroids), keyed by name.
CREATE TABLE link_state (
    name TEXT PRIMARY KEY,
    data BLOB NOT NULL
);
