-- Live meeting rooms: guest links, the chat kept with the meeting, and who
-- attended from when to when. The room itself (who is in it now, the lobby,
-- the lock, raised hands) lives in memory, in the realtime hub.

CREATE TABLE room_guest_links (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	token_hash	TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,			-- how the guest shows in the lobby
	expires_at	TEXT NOT NULL,
	created_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL
);
CREATE INDEX room_guest_links_by_meeting ON room_guest_links (meeting_id);

CREATE TABLE room_chat (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,	-- NULL: a guest
	author		TEXT NOT NULL,
	text		TEXT NOT NULL,
	created_at	TEXT NOT NULL
);
CREATE INDEX room_chat_by_meeting ON room_chat (meeting_id, id);

CREATE TABLE room_attendance (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	guest_link_id	INTEGER REFERENCES room_guest_links (id) ON DELETE SET NULL,
	name		TEXT NOT NULL,
	joined_at	TEXT NOT NULL,
	left_at		TEXT					-- NULL while in the room
);
CREATE INDEX room_attendance_by_meeting ON room_attendance (meeting_id, joined_at);
