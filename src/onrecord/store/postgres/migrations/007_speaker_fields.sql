-- Speakers of every kind (as store/migrations/007_speaker_fields.sql).
ALTER TABLE quotes ADD COLUMN speaker_type TEXT COLLATE "C";
ALTER TABLE quotes ADD COLUMN speaker_evidence TEXT COLLATE "C";
ALTER TABLE quotes ADD COLUMN speaker_confidence DOUBLE PRECISION;
ALTER TABLE quotes ADD COLUMN speaker_evidence_document BIGINT;
ALTER TABLE quotes ADD COLUMN speaker_linked INTEGER;
