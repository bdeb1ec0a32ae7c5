-- Cooperation: roadmap items of agreements of kind roadmap, with their notes
-- and a history of every change; links from meeting decisions to items;
-- trade figures as series of values per period (year-on-year change is
-- computed when read, never stored).

CREATE TABLE roadmap_items (
	id		INTEGER PRIMARY KEY,
	agreement_id	INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	sector		TEXT NOT NULL CHECK (sector IN ('trade_economy', 'industry', 'science',
			    'education', 'housing_utilities', 'transport', 'health', 'culture',
			    'sport', 'information_policy', 'tourism', 'other')),
	side		TEXT NOT NULL CHECK (side IN ('home', 'partner')),	-- who leads it
	title_ru	TEXT NOT NULL,
	title_en	TEXT NOT NULL,
	responsible_home	TEXT,		-- the responsible party on each side
	responsible_partner	TEXT,
	due_date	TEXT,				-- YYYY-MM-DD, or
	due_quarter	TEXT,				-- YYYY-Qn
	status		TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done',
			    'postponed', 'cancelled')),
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX roadmap_items_by_agreement ON roadmap_items (agreement_id, position);

CREATE TABLE roadmap_notes (
	id		INTEGER PRIMARY KEY,
	item_id		INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
	noted_on	TEXT NOT NULL,			-- YYYY-MM-DD
	text		TEXT NOT NULL,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL
);
CREATE INDEX roadmap_notes_by_item ON roadmap_notes (item_id, noted_on);

-- One row per changed field (or "created", "note"); nothing is ever updated here.
CREATE TABLE roadmap_history (
	id		INTEGER PRIMARY KEY,
	item_id		INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
	field		TEXT NOT NULL,
	old_value	TEXT,
	new_value	TEXT,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	changed_at	TEXT NOT NULL
);
CREATE INDEX roadmap_history_by_item ON roadmap_history (item_id, id);

CREATE TABLE roadmap_actions (
	item_id		INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
	action_id	INTEGER NOT NULL REFERENCES action_items (id) ON DELETE CASCADE,
	PRIMARY KEY (item_id, action_id)
);
CREATE INDEX roadmap_actions_by_action ON roadmap_actions (action_id);

CREATE TABLE trade_series (
	id		INTEGER PRIMARY KEY,
	reporter_city_id INTEGER NOT NULL REFERENCES cities (id),
	partner_country	TEXT REFERENCES countries (code),
	partner_city_id	INTEGER REFERENCES cities (id),
	flow		TEXT NOT NULL CHECK (flow IN ('turnover', 'export', 'import')),
	currency	TEXT NOT NULL,			-- ISO 4217
	created_at	TEXT NOT NULL,
	CHECK ((partner_country IS NOT NULL) + (partner_city_id IS NOT NULL) = 1),
	UNIQUE (reporter_city_id, partner_country, partner_city_id, flow, currency)
);

-- period: YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM; like periods share the part after the year.
CREATE TABLE trade_points (
	id		INTEGER PRIMARY KEY,
	series_id	INTEGER NOT NULL REFERENCES trade_series (id) ON DELETE CASCADE,
	period		TEXT NOT NULL,
	value		REAL NOT NULL,
	derived		INTEGER NOT NULL DEFAULT 0,	-- worked out, not reported
	note_ru		TEXT,
	note_en		TEXT,
	created_at	TEXT NOT NULL,
	UNIQUE (series_id, period)
);

-- Events: days of a city, festivals, forums... with host and guest city, a
-- parent for sub-events, links to a partnership and a roadmap item, and a
-- dated history of status changes. Published events are on the public calendar.
CREATE TABLE events (
	id		INTEGER PRIMARY KEY,
	parent_id	INTEGER REFERENCES events (id) ON DELETE CASCADE,
	kind		TEXT NOT NULL CHECK (kind IN ('days_of_city', 'culture_festival', 'forum',
			    'conference', 'congress', 'symposium', 'exhibition', 'fair',
			    'delegation_visit', 'specialist_exchange')),
	title_ru	TEXT NOT NULL,
	title_en	TEXT NOT NULL,
	description_ru	TEXT,
	description_en	TEXT,
	host_city_id	INTEGER REFERENCES cities (id),
	guest_city_id	INTEGER REFERENCES cities (id),
	starts_on	TEXT,				-- YYYY-MM-DD
	ends_on		TEXT,
	period_ru	TEXT,				-- "весна 2024" when no dates are known
	period_en	TEXT,
	format		TEXT CHECK (format IN ('in_person', 'online', 'hybrid')),
	venue		TEXT,
	status		TEXT NOT NULL CHECK (status IN ('proposed', 'negotiating', 'planned', 'held',
			    'cancelled')),
	partnership_id	INTEGER REFERENCES partnerships (id) ON DELETE SET NULL,
	roadmap_item_id	INTEGER REFERENCES roadmap_items (id) ON DELETE SET NULL,
	responsible_id	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	published	INTEGER NOT NULL DEFAULT 0,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX events_by_parent ON events (parent_id);
CREATE INDEX events_by_start ON events (starts_on, id);

CREATE TABLE event_status_history (
	id		INTEGER PRIMARY KEY,
	event_id	INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	status		TEXT NOT NULL,
	changed_on	TEXT NOT NULL,			-- the date it took effect
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL
);
CREATE INDEX event_history_by_event ON event_status_history (event_id, id);
