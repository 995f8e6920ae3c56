-- Speakers of every kind (issue #10): what kind of speaker, how it was found, how sure.
-- speaker_type: person | organisation | government | news_agency
-- speaker_evidence: named | pronoun | role | organisation | document | corpus_role
-- speaker_confidence: probability from nlp/quote_speakers.py SPEAKER_CONFIDENCE
-- speaker_evidence_document: for corpus_role, the document that names the title holder
-- speaker_linked: 1 when corpus linking changed type/evidence (so a relink can undo it)
ALTER TABLE quotes ADD COLUMN speaker_type TEXT;
ALTER TABLE quotes ADD COLUMN speaker_evidence TEXT;
ALTER TABLE quotes ADD COLUMN speaker_confidence REAL;
ALTER TABLE quotes ADD COLUMN speaker_evidence_document INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_linked INTEGER;
