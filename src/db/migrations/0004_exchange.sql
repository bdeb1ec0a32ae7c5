-- Information exchange: bulletins (news, good news, fact checks) with their
-- revisions, mutual-aid posts with their answers, and the full-text index.
-- countries and topics are stored as " A B " lists, matched with LIKE '% A %'.

CREATE TABLE bulletins (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('news', 'good_news', 'fact_check')),
	status		TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned',
			    'published')),
	lang		TEXT NOT NULL CHECK (lang IN ('ru', 'en')),
	title		TEXT NOT NULL,
	body		TEXT NOT NULL,			-- Markdown
	countries	TEXT NOT NULL,			-- " IT RU ", the first is the main one
	topics		TEXT NOT NULL,			-- " health culture "
	city_id		INTEGER REFERENCES cities (id),
	source_url	TEXT,
	-- fact checks only
	claim		TEXT,
	claim_source	TEXT,				-- where the claim appeared
	claim_date	TEXT,				-- when (YYYY-MM-DD)
	verdict		TEXT CHECK (verdict IN ('false', 'misleading', 'unproven', 'true')),
	sources		TEXT,				-- one URL a line
	author_id	INTEGER NOT NULL REFERENCES users (id),
	organization_id	INTEGER REFERENCES organizations (id),
	return_reason	TEXT,
	revision	INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	published_at	TEXT
);
CREATE INDEX bulletins_by_status ON bulletins (status, published_at, id);
CREATE INDEX bulletins_by_author ON bulletins (author_id, id);

CREATE TABLE bulletin_revisions (
	id		INTEGER PRIMARY KEY,
	bulletin_id	INTEGER NOT NULL REFERENCES bulletins (id) ON DELETE CASCADE,
	revision	INTEGER NOT NULL,
	title		TEXT NOT NULL,
	body		TEXT NOT NULL,
	status		TEXT NOT NULL,
	editor_id	INTEGER NOT NULL REFERENCES users (id),
	note		TEXT,
	created_at	TEXT NOT NULL,
	UNIQUE (bulletin_id, revision)
);

CREATE TABLE aid_posts (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('request', 'offer')),
	category	TEXT NOT NULL CHECK (category IN ('medical', 'legal', 'housing',
			    'travel_home', 'information', 'other')),
	status		TEXT NOT NULL CHECK (status IN ('open', 'matched', 'closed')),
	lang		TEXT NOT NULL CHECK (lang IN ('ru', 'en')),
	title		TEXT NOT NULL,
	body		TEXT NOT NULL,			-- plain text
	country_code	TEXT NOT NULL REFERENCES countries (code),
	city_id		INTEGER REFERENCES cities (id),
	contact		TEXT NOT NULL,			-- author, answering orgs, staff only
	author_id	INTEGER NOT NULL REFERENCES users (id),
	organization_id	INTEGER REFERENCES organizations (id),
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX aid_posts_by_status ON aid_posts (status, id);

CREATE TABLE aid_answers (
	id		INTEGER PRIMARY KEY,
	post_id		INTEGER NOT NULL REFERENCES aid_posts (id) ON DELETE CASCADE,
	user_id		INTEGER NOT NULL REFERENCES users (id),
	organization_id	INTEGER NOT NULL REFERENCES organizations (id),
	message		TEXT NOT NULL,
	created_at	TEXT NOT NULL
);
CREATE INDEX aid_answers_by_post ON aid_answers (post_id, organization_id);

-- SQLite only: the full-text index (src/db/search.c). The 'pobratim'
-- tokenizer folds and stems each word with libstemmer. A PostgreSQL
-- backend keeps a tsvector column instead. rowid = kind * 2^40 + ref id.
CREATE VIRTUAL TABLE search_fts USING fts5 (title, body, tokenize = 'pobratim');
