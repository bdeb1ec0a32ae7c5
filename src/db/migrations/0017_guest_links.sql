-- Guest links admit one person at a time unless the host allows more
-- (max_guests: how many may be in the room or its lobby with the link at
-- once), can be revoked, and die with the meeting: when it is held or
-- cancelled their expires_at is moved to that moment.

ALTER TABLE room_guest_links ADD COLUMN max_guests INTEGER NOT NULL DEFAULT 1
	CHECK (max_guests BETWEEN 1 AND 50);
ALTER TABLE room_guest_links ADD COLUMN revoked_at TEXT;		-- NULL: not revoked
ALTER TABLE room_guest_links ADD COLUMN revoked_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
