-- Meetings: scheduling across time zones, recurrence, participants, agenda,
-- minutes and decisions (action items); per-city working hours; private
-- calendar feeds. Times: starts_at is an RFC 3339 UTC instant; the host's
-- IANA zone is kept beside it for recurrence and invitations.

CREATE TABLE city_settings (
	city_id		INTEGER PRIMARY KEY REFERENCES cities (id),
	work_start	INTEGER NOT NULL DEFAULT 540 CHECK (work_start BETWEEN 0 AND 1439),
	work_end	INTEGER NOT NULL DEFAULT 1080 CHECK (work_end BETWEEN 1 AND 1440),
	updated_at	TEXT NOT NULL,
	CHECK (work_start < work_end)
);

CREATE TABLE meetings (
	id		INTEGER PRIMARY KEY,
	title_ru	TEXT NOT NULL,
	title_en	TEXT NOT NULL,
	format		TEXT NOT NULL CHECK (format IN ('video', 'in_person', 'hybrid')),
	host_org_id	INTEGER NOT NULL REFERENCES organizations (id),
	timezone	TEXT NOT NULL,			-- the host's IANA zone
	starts_at	TEXT,				-- UTC; NULL when only a date or a window is known
	duration	INTEGER NOT NULL CHECK (duration BETWEEN 5 AND 1440),	-- minutes
	date_from	TEXT,				-- YYYY-MM-DD when starts_at is NULL
	date_to		TEXT,
	date_note_ru	TEXT,
	date_note_en	TEXT,
	status		TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'live', 'held',
			    'cancelled')),
	rrule		TEXT,				-- RFC 5545 RRULE value, expanded in timezone
	exdates		TEXT NOT NULL DEFAULT '',	-- space-separated UTC instants
	minutes_ru	TEXT NOT NULL DEFAULT '',	-- Markdown
	minutes_en	TEXT NOT NULL DEFAULT '',
	created_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	CHECK (starts_at IS NOT NULL OR date_from IS NOT NULL)
);
CREATE INDEX meetings_by_start ON meetings (starts_at, id);
CREATE INDEX meetings_by_host ON meetings (host_org_id);

-- A participant is a person (name set), an organization, a whole city, or a
-- group described by its label (e.g. "German business circles", country DE).
-- NEEDSWORK: people live on the row until the partners registry (issue 3)
-- brings a people table; then person_id replaces name/post.
CREATE TABLE meeting_participants (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,		-- protocol precedence, 1 first
	role		TEXT NOT NULL CHECK (role IN ('host', 'speaker', 'participant',
			    'interpreter', 'observer')),
	organization_id	INTEGER REFERENCES organizations (id),
	city_id		INTEGER REFERENCES cities (id),
	country_code	TEXT REFERENCES countries (code),
	name_ru		TEXT,
	name_en		TEXT,
	post_ru		TEXT,
	post_en		TEXT,
	label_ru	TEXT,
	label_en	TEXT
);
CREATE INDEX meeting_participants_by_meeting ON meeting_participants (meeting_id, position);
CREATE INDEX meeting_participants_by_org ON meeting_participants (organization_id);
CREATE INDEX meeting_participants_by_city ON meeting_participants (city_id);

CREATE TABLE meeting_agenda (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	title_ru	TEXT NOT NULL,
	title_en	TEXT NOT NULL,
	presenter	TEXT,
	minutes		INTEGER					-- time budget
);
CREATE INDEX meeting_agenda_by_meeting ON meeting_agenda (meeting_id, position);

CREATE TABLE meeting_topics (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	ru		TEXT NOT NULL,
	en		TEXT NOT NULL
);
CREATE INDEX meeting_topics_by_meeting ON meeting_topics (meeting_id, position);

-- Decisions as action items; overdue = due < today and status open/in_progress.
CREATE TABLE action_items (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	text_ru		TEXT NOT NULL,
	text_en		TEXT NOT NULL,
	owner_org_id	INTEGER REFERENCES organizations (id),
	due_date	TEXT,				-- YYYY-MM-DD
	status		TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done',
			    'cancelled')),
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX action_items_by_meeting ON action_items (meeting_id, position);
CREATE INDEX action_items_by_owner ON action_items (owner_org_id, status);

CREATE TABLE calendar_feeds (
	user_id		INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	token_hash	TEXT NOT NULL UNIQUE,		-- hex BLAKE2b of the URL token
	created_at	TEXT NOT NULL
);
