-- MinHash signatures of documents (as store/migrations/003_minhash.sql).
CREATE TABLE minhash (
    document_id BIGINT PRIMARY KEY REFERENCES documents(id),
    signature BYTEA NOT NULL
);
