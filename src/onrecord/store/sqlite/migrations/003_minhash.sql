-- MinHash signatures of documents, so that near-duplicate detection is incremental:
-- the LSH index is rebuilt from these rows instead of re-shingling every text.
CREATE TABLE minhash (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    signature BLOB NOT NULL
);
