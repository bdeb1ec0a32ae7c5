-- Partners registry: people, agreements with their parties and signed file,
-- partnerships between two cities with a dated history of status changes.
-- Dates are "YYYY-MM-DD" text; a partnership's since may be only "YYYY".

CREATE TABLE people (
	id		INTEGER PRIMARY KEY,
	name_en		TEXT NOT NULL,
	name_ru		TEXT NOT NULL,
	post_en		TEXT,
	post_ru		TEXT,
	organization_id	INTEGER REFERENCES organizations (id),
	city_id		INTEGER REFERENCES cities (id),	-- the organization's when it has one
	precedence	INTEGER NOT NULL DEFAULT 100,	-- protocol order: lower goes first
	email		TEXT,				-- contact details: staff only
	phone		TEXT,
	search_key	TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX people_by_organization ON people (organization_id);
CREATE INDEX people_by_city ON people (city_id, precedence);

CREATE TABLE agreements (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('twinning', 'cooperation', 'memorandum',
			    'roadmap', 'joint_statement')),
	title_en	TEXT NOT NULL,
	title_ru	TEXT NOT NULL,
	signed_on	TEXT,
	valid_from	TEXT,
	valid_to	TEXT,
	renewal_on	TEXT,
	note_en		TEXT,
	note_ru		TEXT,
	file_sha256	TEXT,				-- name of the stored file (hex)
	file_type	TEXT,				-- application/pdf, image/png, image/jpeg
	file_size	INTEGER,
	search_key	TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX agreements_by_valid_to ON agreements (valid_to);

-- A party is a city, an organization or a country (the Republic of Belarus).
CREATE TABLE agreement_parties (
	id		INTEGER PRIMARY KEY,
	agreement_id	INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	city_id		INTEGER REFERENCES cities (id),
	organization_id	INTEGER REFERENCES organizations (id),
	country_code	TEXT REFERENCES countries (code),
	CHECK ((city_id IS NOT NULL) + (organization_id IS NOT NULL) + (country_code IS NOT NULL) = 1)
);
CREATE INDEX agreement_parties_by_agreement ON agreement_parties (agreement_id, position);
CREATE INDEX agreement_parties_by_city ON agreement_parties (city_id);
CREATE INDEX agreement_parties_by_organization ON agreement_parties (organization_id);

-- One row per pair of cities, stored with the smaller city id first.
CREATE TABLE partnerships (
	id		INTEGER PRIMARY KEY,
	city_lo		INTEGER NOT NULL REFERENCES cities (id),
	city_hi		INTEGER NOT NULL REFERENCES cities (id),
	kind		TEXT NOT NULL CHECK (kind IN ('sister', 'partner', 'cooperation')),
	since		TEXT,				-- "YYYY" or "YYYY-MM-DD"
	status		TEXT NOT NULL CHECK (status IN ('active', 'frozen', 'ended')),
	agreement_id	INTEGER REFERENCES agreements (id) ON DELETE SET NULL,
	responsible_id	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	published	INTEGER NOT NULL DEFAULT 0,	-- on the public list of partner cities
	note_en		TEXT,
	note_ru		TEXT,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	CHECK (city_lo < city_hi),
	UNIQUE (city_lo, city_hi)
);
CREATE INDEX partnerships_by_hi ON partnerships (city_hi);
CREATE INDEX partnerships_by_agreement ON partnerships (agreement_id);

CREATE TABLE partnership_status_history (
	id		INTEGER PRIMARY KEY,
	partnership_id	INTEGER NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
	status		TEXT NOT NULL CHECK (status IN ('active', 'frozen', 'ended')),
	changed_on	TEXT NOT NULL,			-- the date it took effect
	note		TEXT,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL
);
CREATE INDEX partnership_history_by_partnership ON partnership_status_history (partnership_id, changed_on);
