-- A guest link lets its guests speak (as before) or only listen: the
-- meeting's public audience, who enter without the lobby (they cannot be
-- seen or heard) and receive the speakers.

ALTER TABLE room_guest_links ADD COLUMN role TEXT NOT NULL DEFAULT 'speaker'
	CHECK (role IN ('speaker', 'listener'));
