-- The counterpart in the partner city: who the department writes to there
-- (a name, an office, an address), as the form's free text.
ALTER TABLE partnerships ADD COLUMN partner_contact TEXT;
