-- One table for everything that went wrong or was done only in part, so `onrecord failures`
-- can answer "what did the record not take in, and why":
--   kind 'ingest':   an input (path or URL in `source`) that never became a document;
--   kind 'analysis': a stored document whose NLP pass failed; it is not retried for the same
--                    analysis version (a poison document must not block every later run);
--   kind 'note':     a document analysed in part (e.g. quotes skipped), with the reason.
-- The old table (source, reason, seen_at) is carried over as kind 'ingest'.
CREATE TABLE failures_new (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'ingest',
    source TEXT NOT NULL,
    document_id INTEGER REFERENCES documents(id),
    version TEXT,
    reason TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    UNIQUE (kind, source, reason)
);
INSERT INTO failures_new (id, kind, source, reason, seen_at)
SELECT id, 'ingest', source, reason, seen_at FROM failures;
DROP TABLE failures;
ALTER TABLE failures_new RENAME TO failures;
CREATE INDEX failures_document ON failures(document_id, kind);

-- Work leases for the NLP pass: two concurrent runs claim disjoint documents instead of both
-- analysing everything. A lease older than the run's expiry is taken over (a killed run's
-- documents are picked up again); the row goes when the analysis is saved.
CREATE TABLE analysis_claims (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    claimed_by TEXT NOT NULL,
    claimed_at REAL NOT NULL
);
