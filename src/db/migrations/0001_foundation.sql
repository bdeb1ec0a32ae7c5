-- Foundation: gazetteer, organizations, users, sessions, sign-in throttling.
-- Timestamps are RFC 3339 UTC text written by the application.
-- search_key columns hold text_fold()ed names, matched with LIKE ' word%'.

CREATE TABLE countries (
	code		TEXT PRIMARY KEY,		-- ISO 3166-1 alpha-2
	code3		TEXT NOT NULL,
	numeric_code	TEXT NOT NULL,
	name_en		TEXT NOT NULL,
	name_ru		TEXT NOT NULL,
	continent	TEXT NOT NULL
);

CREATE TABLE cities (
	id		INTEGER PRIMARY KEY,
	geonames_id	INTEGER NOT NULL UNIQUE,
	name_en		TEXT NOT NULL,
	name_ru		TEXT,
	country_code	TEXT NOT NULL REFERENCES countries (code),
	admin1		TEXT NOT NULL DEFAULT '',
	latitude	DOUBLE PRECISION NOT NULL,
	longitude	DOUBLE PRECISION NOT NULL,
	timezone	TEXT NOT NULL,
	population	INTEGER NOT NULL DEFAULT 0,
	search_key	TEXT NOT NULL
);
CREATE INDEX cities_by_country ON cities (country_code, population);
CREATE INDEX cities_by_population ON cities (population, id);

CREATE TABLE organizations (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('city_administration', 'department',
			    'compatriot_organization', 'media', 'ngo', 'business',
			    'chamber_of_commerce', 'university', 'clinic', 'other')),
	name_en		TEXT NOT NULL,
	name_ru		TEXT NOT NULL,
	short_en	TEXT,
	short_ru	TEXT,
	website		TEXT,
	city_id		INTEGER NOT NULL REFERENCES cities (id),
	search_key	TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX organizations_by_city ON organizations (city_id);

CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	email		TEXT NOT NULL UNIQUE,		-- stored lower case
	name		TEXT NOT NULL,
	role		TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'partner', 'correspondent')),
	organization_id	INTEGER NOT NULL REFERENCES organizations (id),
	locale		TEXT NOT NULL DEFAULT 'ru' CHECK (locale IN ('ru', 'en')),
	password_hash	TEXT NOT NULL,
	demo_password	INTEGER NOT NULL DEFAULT 0,	-- set by `pobratim demo`, cleared by a new password
	disabled	INTEGER NOT NULL DEFAULT 0,
	search_key	TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX users_by_organization ON users (organization_id);

CREATE TABLE sessions (
	id		INTEGER PRIMARY KEY,
	token_hash	TEXT NOT NULL UNIQUE,		-- hex BLAKE2b of the cookie value
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf_token	TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	expires_at	TEXT NOT NULL,
	address		TEXT NOT NULL,
	user_agent	TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE login_failures (
	id		INTEGER PRIMARY KEY,
	email		TEXT NOT NULL,
	address		TEXT NOT NULL,
	at		TEXT NOT NULL
);
CREATE INDEX login_failures_by_email ON login_failures (email, at);
CREATE INDEX login_failures_by_address ON login_failures (address, at);
