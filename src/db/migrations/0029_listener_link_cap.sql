-- pobratim: rebuild
-- A listener link admits up to 1000 people at once (the press and the public
-- of a mayors' conference: they only receive); a speaker link stays at 50,
-- as 0017 had it for every link. The CHECK of 0017 cannot be changed by
-- ALTER TABLE, so the table is built anew with foreign keys off (0028 says
-- how): room_attendance and meeting_invitations refer to its rows, which
-- keep their ids.

CREATE TABLE room_guest_links_new (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	token_hash	TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	expires_at	TEXT NOT NULL,
	created_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL,
	max_guests	INTEGER NOT NULL DEFAULT 1,
	revoked_at	TEXT,
	revoked_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	role		TEXT NOT NULL DEFAULT 'speaker' CHECK (role IN ('speaker', 'listener')),
	CHECK (max_guests BETWEEN 1 AND CASE role WHEN 'listener' THEN 1000 ELSE 50 END)
);
INSERT INTO room_guest_links_new (id, meeting_id, token_hash, name, expires_at, created_by,
	created_at, max_guests, revoked_at, revoked_by, role)
SELECT id, meeting_id, token_hash, name, expires_at, created_by, created_at, max_guests,
	revoked_at, revoked_by, role FROM room_guest_links;
DROP TABLE room_guest_links;
ALTER TABLE room_guest_links_new RENAME TO room_guest_links;
CREATE INDEX room_guest_links_by_meeting ON room_guest_links (meeting_id);
