-- Showcase: an event's online photo exhibition and fair, and the practices
-- catalogue with partner interest requests. Images are files of the content
-- store (src/base/store.c), named "<sha256>.<ext>"; a row keeps the names of
-- the original and of its thumbnail, made when it is uploaded.

CREATE TABLE event_photos (
	id		INTEGER PRIMARY KEY,
	event_id	INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	file		TEXT NOT NULL,			-- <sha256>.<ext> of the original
	content_type	TEXT NOT NULL,
	size		INTEGER NOT NULL,
	width		INTEGER NOT NULL,
	height		INTEGER NOT NULL,
	thumb		TEXT NOT NULL,			-- <sha256>.jpg of the thumbnail
	caption_ru	TEXT,
	caption_en	TEXT,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL
);
CREATE INDEX event_photos_by_event ON event_photos (event_id, position);

-- An exhibitor is an existing organization or just a name, with a country.
CREATE TABLE fair_exhibitors (
	id		INTEGER PRIMARY KEY,
	event_id	INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	organization_id	INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
	name		TEXT,
	country_code	TEXT NOT NULL REFERENCES countries (code),
	created_at	TEXT NOT NULL,
	CHECK (organization_id IS NOT NULL OR name IS NOT NULL)
);
CREATE INDEX fair_exhibitors_by_event ON fair_exhibitors (event_id, id);

CREATE TABLE fair_products (
	id		INTEGER PRIMARY KEY,
	exhibitor_id	INTEGER NOT NULL REFERENCES fair_exhibitors (id) ON DELETE CASCADE,
	name_ru		TEXT NOT NULL,
	name_en		TEXT NOT NULL,
	description_ru	TEXT,				-- Markdown
	description_en	TEXT,
	picture		TEXT,				-- <sha256>.<ext>, NULL until uploaded
	picture_type	TEXT,
	thumb		TEXT,
	created_at	TEXT NOT NULL
);
CREATE INDEX fair_products_by_exhibitor ON fair_products (exhibitor_id, id);

-- A city's practice (the Moscow Electronic School); sectors as roadmap items'.
CREATE TABLE practices (
	id		INTEGER PRIMARY KEY,
	city_id		INTEGER NOT NULL REFERENCES cities (id),
	sector		TEXT NOT NULL CHECK (sector IN ('trade_economy', 'industry', 'science',
			    'education', 'housing_utilities', 'transport', 'health', 'culture',
			    'sport', 'information_policy', 'tourism', 'other')),
	title_ru	TEXT NOT NULL,
	title_en	TEXT NOT NULL,
	organization_id	INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
	description_ru	TEXT,				-- Markdown
	description_en	TEXT,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX practices_by_city ON practices (city_id, id);

-- Another city's interest in a practice; the owning city moves its status.
CREATE TABLE practice_interests (
	id		INTEGER PRIMARY KEY,
	practice_id	INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	city_id		INTEGER NOT NULL REFERENCES cities (id),	-- who is interested
	organization_id	INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
	message		TEXT NOT NULL,
	status		TEXT NOT NULL CHECK (status IN ('new', 'in_discussion', 'agreed', 'declined')),
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX practice_interests_by_practice ON practice_interests (practice_id, id);

-- Every status an interest request had, with who set it; never updated.
CREATE TABLE practice_interest_history (
	id		INTEGER PRIMARY KEY,
	interest_id	INTEGER NOT NULL REFERENCES practice_interests (id) ON DELETE CASCADE,
	status		TEXT NOT NULL,
	note		TEXT,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	changed_at	TEXT NOT NULL
);
CREATE INDEX practice_interest_history_by_interest ON practice_interest_history (interest_id, id);
