-- Full-text and vector search. The FTS5 tables are external-content indexes over the rows the
-- pipeline already writes; triggers keep them in sync, so no writer has to know they exist.
-- Vectors live in `embeddings` (computed once per row by onrecord.search.update_index); triggers
-- drop a row's vector when the row goes away, so a re-analysis never leaves a stale vector.

-- Sentence spans of every document, copied out of its analysis by a trigger (or, for documents
-- stored with --no-analyze, written by the index step's fallback splitter). The text is not
-- stored twice: `sentence_texts` cuts it out of documents.text (SQLite substr counts characters,
-- like Python offsets).
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    UNIQUE (document_id, idx)
);

CREATE VIEW sentence_texts AS
SELECT s.id AS id, substr(d.text, s.start + 1, s."end" - s.start) AS text
FROM sentences s JOIN documents d ON d.id = s.document_id;

-- AUTOINCREMENT: a vector's id is never reused, so the on-disk vector index (keyed by it) can tell
-- whether it is current by comparing its highest key and its size with this table.
CREATE TABLE embeddings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,  -- quote | sentence | pledge
    item_id INTEGER NOT NULL,
    vector BLOB NOT NULL,  -- float16, L2-normalised
    UNIQUE (kind, item_id)
);

CREATE TABLE search_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentence_texts', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, content='quotes', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE pledges_fts USING fts5(
    text, recipient, program, purpose, donors, content='pledges', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);

-- documents
CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

-- sentences (from analyses)
CREATE TRIGGER analyses_sentences_ai AFTER INSERT ON analyses BEGIN
    DELETE FROM sentences WHERE document_id = new.document_id;
    INSERT INTO sentences (document_id, idx, start, "end")
    SELECT new.document_id, CAST(key AS INTEGER), json_extract(value, '$[0]'),
           json_extract(value, '$[1]')
    FROM json_each(new.data, '$.sentences');
END;
CREATE TRIGGER analyses_sentences_au AFTER UPDATE OF data ON analyses BEGIN
    DELETE FROM sentences WHERE document_id = new.document_id;
    INSERT INTO sentences (document_id, idx, start, "end")
    SELECT new.document_id, CAST(key AS INTEGER), json_extract(value, '$[0]'),
           json_extract(value, '$[1]')
    FROM json_each(new.data, '$.sentences');
END;
CREATE TRIGGER sentences_fts_ai AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts (rowid, text)
    SELECT new.id, substr(d.text, new.start + 1, new."end" - new.start)
    FROM documents d WHERE d.id = new.document_id;
END;
CREATE TRIGGER sentences_fts_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text)
    SELECT 'delete', old.id, substr(d.text, old.start + 1, old."end" - old.start)
    FROM documents d WHERE d.id = old.document_id;
    DELETE FROM embeddings WHERE kind = 'sentence' AND item_id = old.id;
END;

-- quotes
CREATE TRIGGER quotes_fts_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER quotes_fts_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    DELETE FROM embeddings WHERE kind = 'quote' AND item_id = old.id;
END;
CREATE TRIGGER quotes_fts_au AFTER UPDATE OF text ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text);
    DELETE FROM embeddings WHERE kind = 'quote' AND item_id = old.id;
END;

-- pledges
CREATE TRIGGER pledges_fts_ai AFTER INSERT ON pledges BEGIN
    INSERT INTO pledges_fts (rowid, text, recipient, program, purpose, donors)
    VALUES (new.id, new.text, new.recipient, new.program, new.purpose, new.donors);
END;
CREATE TRIGGER pledges_fts_ad AFTER DELETE ON pledges BEGIN
    INSERT INTO pledges_fts (pledges_fts, rowid, text, recipient, program, purpose, donors)
    VALUES ('delete', old.id, old.text, old.recipient, old.program, old.purpose, old.donors);
    DELETE FROM embeddings WHERE kind = 'pledge' AND item_id = old.id;
END;
CREATE TRIGGER pledges_fts_au AFTER UPDATE OF text, recipient, program, purpose, donors
ON pledges BEGIN
    INSERT INTO pledges_fts (pledges_fts, rowid, text, recipient, program, purpose, donors)
    VALUES ('delete', old.id, old.text, old.recipient, old.program, old.purpose, old.donors);
    INSERT INTO pledges_fts (rowid, text, recipient, program, purpose, donors)
    VALUES (new.id, new.text, new.recipient, new.program, new.purpose, new.donors);
    DELETE FROM embeddings WHERE kind = 'pledge' AND item_id = old.id;
END;

-- A database that already holds rows gets them indexed now.
INSERT INTO sentences (document_id, idx, start, "end")
SELECT a.document_id, CAST(j.key AS INTEGER), json_extract(j.value, '$[0]'),
       json_extract(j.value, '$[1]')
FROM analyses a, json_each(a.data, '$.sentences') j;
INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild');
INSERT INTO pledges_fts (pledges_fts) VALUES ('rebuild');
