-- Corrections a user made to who is who (merge, split, rename, not-person). They name people
-- by name, not by entity id: ids and keys are recomputed at every link, and the corrections
-- must survive re-analysis. Applied in id order at link time.
CREATE TABLE people_corrections (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('merge', 'split', 'rename', 'not-person')),
    name TEXT NOT NULL,
    other TEXT,
    created_at TEXT NOT NULL
);
