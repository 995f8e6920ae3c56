-- Pledges that are not money carry a quantity and a unit ("500 troops", "3 air defence
-- systems"); kind says which ("money", "personnel", "equipment", "in-kind"). The person who
-- announced a state's or a company's pledge is kept apart from its donor.
ALTER TABLE pledges ADD COLUMN kind TEXT;
ALTER TABLE pledges ADD COLUMN quantity REAL;
ALTER TABLE pledges ADD COLUMN unit TEXT;
ALTER TABLE pledges ADD COLUMN announced_by TEXT;
UPDATE pledges SET kind = 'money' WHERE amount IS NOT NULL;
CREATE INDEX IF NOT EXISTS pledges_recipient ON pledges (recipient);
