-- Meetings with named people (issue 15, items 2 and 4): a participant may be
-- a person of the people table (their name, post and address are read from
-- there, so an edit of the person shows everywhere; the row keeps a copy of
-- the name and post for when the person is deleted); an action item may be
-- owned by a person (its organization stays optional); each change of a
-- meeting's title, time, recurrence, format, status or invitees is kept.

-- (meeting_participants.person_id and action_items.owner_person_id are 0025's.)

-- "My tasks": the items whose owner is the signed-in user's person, the
-- person whose address is the account's (src/api/actions.c).
CREATE INDEX action_items_by_owner_person_status ON action_items (owner_person_id, status);

-- One row per field a change altered; the rows of one change share changed_at
-- and changed_by. Values as the meeting's page shows them (participants: one
-- name per line), old_value NULL when there was none.
CREATE TABLE meeting_changes (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	changed_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	changed_at	TEXT NOT NULL,
	field		TEXT NOT NULL,
	old_value	TEXT,
	new_value	TEXT
);
CREATE INDEX meeting_changes_by_meeting ON meeting_changes (meeting_id, id);
