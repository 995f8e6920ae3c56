-- Pledge kinds and quantities (as store/migrations/006_pledges.sql).
ALTER TABLE pledges ADD COLUMN kind TEXT COLLATE "C";
ALTER TABLE pledges ADD COLUMN quantity DOUBLE PRECISION;
ALTER TABLE pledges ADD COLUMN unit TEXT COLLATE "C";
ALTER TABLE pledges ADD COLUMN announced_by TEXT COLLATE "C";
UPDATE pledges SET kind = 'money' WHERE amount IS NOT NULL;
CREATE INDEX IF NOT EXISTS pledges_recipient ON pledges (recipient);
