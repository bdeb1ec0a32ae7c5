-- Calendars by mail (issue 14, items 2, 3 and 5): meeting invitations
-- (iTIP), reminders, action items due, digests of the exchange.

-- The installation's own random name: iCalendar UIDs are
-- "meeting-<id>-<uid>@<host>", so two installations never clash. secret:
-- the key that signs the unsubscribe links of digests (they work without
-- signing in); it never leaves the database.
CREATE TABLE installation (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	uid		TEXT NOT NULL,
	secret		TEXT NOT NULL
);
INSERT INTO installation (id, uid, secret)
	VALUES (1, lower(hex(randomblob(8))), lower(hex(randomblob(32))));

-- RFC 5545 SEQUENCE of a meeting's calendar entry: raised by each change
-- that invitations announce (time, rule, title, status, participants).
ALTER TABLE meetings ADD COLUMN ical_sequence INTEGER NOT NULL DEFAULT 0;

-- A participant invited by address: an account's address invites that
-- account; any other address is a guest, who gets a guest link.
ALTER TABLE meeting_participants ADD COLUMN email TEXT;

-- What was mailed to whom: each invitation (REQUEST) or cancellation
-- (CANCEL) of a meeting, its SEQUENCE and its message in the outbox (whose
-- status says queued, sent or failed). guest_link_id: the link a guest got
-- with it (the newest invitation's link replaces the one before).
CREATE TABLE meeting_invitations (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	email		TEXT NOT NULL,
	name		TEXT NOT NULL,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	guest_link_id	INTEGER REFERENCES room_guest_links (id) ON DELETE SET NULL,
	method		TEXT NOT NULL CHECK (method IN ('REQUEST', 'CANCEL')),
	sequence	INTEGER NOT NULL,
	mail_id		INTEGER REFERENCES mail_outbox (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL
);
CREATE INDEX meeting_invitations_by_meeting ON meeting_invitations (meeting_id, id);

-- What a user wants by mail; no row: both reminders and action items, no digest.
CREATE TABLE mail_prefs (
	user_id		INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	remind_day	INTEGER NOT NULL DEFAULT 1,	-- 24 hours before a meeting
	remind_soon	INTEGER NOT NULL DEFAULT 1,	-- 15 minutes before
	actions_due	INTEGER NOT NULL DEFAULT 1,	-- action items due tomorrow
	digest		TEXT NOT NULL DEFAULT 'none' CHECK (digest IN ('none', 'daily', 'weekly')),
	digest_countries TEXT NOT NULL DEFAULT ' ',	-- " IT DE ": only these; " ": all
	digest_topics	TEXT NOT NULL DEFAULT ' ',
	updated_at	TEXT NOT NULL
);

-- Each scheduled message (a reminder, the action items of a day, a digest)
-- is queued once: the scheduler inserts its key in the transaction that
-- queues it, and whoever inserts the key first (a process, a node, before
-- or after a restart) is the one that queues it.
CREATE TABLE mail_keys (
	key		TEXT PRIMARY KEY,
	mail_id		INTEGER REFERENCES mail_outbox (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL
);
CREATE INDEX mail_keys_by_time ON mail_keys (created_at);

-- RFC 8058 one-click unsubscribe address of a digest (List-Unsubscribe).
ALTER TABLE mail_outbox ADD COLUMN list_unsubscribe TEXT;

-- A message with a secret link loses its bodies when it leaves the queue
-- (0021); its attachments too: a guest's invitation carries the guest link.
CREATE TRIGGER mail_attachments_clear AFTER UPDATE OF status ON mail_outbox
	WHEN NEW.sensitive = 1 AND NEW.status <> 'queued'
BEGIN
	UPDATE mail_attachments SET content = '' WHERE mail_id = NEW.id;
END;
