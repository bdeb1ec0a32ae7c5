-- Aid and specialists: shipments of aid (a donor organization or a named
-- donor, the recipient city, dates, items with quantity and unit, the stated
-- total weight) and their distribution to recipients, line by line; and
-- delegations of specialists (doctors, teachers...) between cities with
-- their members. Totals by donor and year are computed when read.

CREATE TABLE shipments (
	id		INTEGER PRIMARY KEY,
	donor_org_id	INTEGER REFERENCES organizations (id),
	donor_name_ru	TEXT,				-- when the donor is not an organization here
	donor_name_en	TEXT,
	donor_country	TEXT REFERENCES countries (code),
	donor_city_id	INTEGER REFERENCES cities (id),
	recipient_city_id INTEGER NOT NULL REFERENCES cities (id),
	sent_on		TEXT,				-- YYYY-MM-DD
	arrived_on	TEXT,
	year		INTEGER NOT NULL,		-- of arrival, else of sending, else as stated
	date_note_ru	TEXT,				-- what the source says of the dates
	date_note_en	TEXT,
	status		TEXT NOT NULL CHECK (status IN ('planned', 'in_transit', 'arrived',
			    'distributed', 'cancelled')),
	weight_kg	REAL CHECK (weight_kg > 0),	-- the stated total
	weight_qualifier TEXT NOT NULL DEFAULT 'exact'
			    CHECK (weight_qualifier IN ('exact', 'about', 'more_than')),
	notes_ru	TEXT,
	notes_en	TEXT,
	created_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	CHECK (donor_org_id IS NOT NULL OR donor_name_en IS NOT NULL)
);
CREATE INDEX shipments_by_year ON shipments (year, id);
CREATE INDEX shipments_by_recipient ON shipments (recipient_city_id);

CREATE TABLE shipment_items (
	id		INTEGER PRIMARY KEY,
	shipment_id	INTEGER NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	name_ru		TEXT NOT NULL,
	name_en		TEXT NOT NULL,
	quantity	REAL CHECK (quantity > 0),	-- NULL: not stated
	unit		TEXT CHECK (unit IN ('pieces', 'kg', 't', 'l', 'boxes', 'sets', 'pairs',
			    'packs'))
);
CREATE INDEX shipment_items_by_shipment ON shipment_items (shipment_id, position);

CREATE TABLE shipment_distributions (
	id		INTEGER PRIMARY KEY,
	shipment_id	INTEGER NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
	recipient_kind	TEXT NOT NULL CHECK (recipient_kind IN ('hospital', 'clinic',
			    'organization', 'authority', 'other')),
	recipient_org_id INTEGER REFERENCES organizations (id),
	recipient_name_ru TEXT,
	recipient_name_en TEXT,
	distributed_on	TEXT,				-- YYYY-MM-DD, NULL when not known
	note_ru		TEXT,
	note_en		TEXT,
	created_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL,
	CHECK (recipient_org_id IS NOT NULL OR recipient_name_en IS NOT NULL)
);
CREATE INDEX shipment_distributions_by_shipment ON shipment_distributions (shipment_id, id);

-- quantity NULL only for an item whose quantity is not stated either
CREATE TABLE shipment_distribution_lines (
	distribution_id	INTEGER NOT NULL REFERENCES shipment_distributions (id) ON DELETE CASCADE,
	item_id		INTEGER NOT NULL REFERENCES shipment_items (id) ON DELETE CASCADE,
	quantity	REAL CHECK (quantity > 0),
	PRIMARY KEY (distribution_id, item_id)
);
CREATE INDEX shipment_lines_by_item ON shipment_distribution_lines (item_id);

CREATE TABLE delegations (
	id		INTEGER PRIMARY KEY,
	from_city_id	INTEGER NOT NULL REFERENCES cities (id),
	to_city_id	INTEGER NOT NULL REFERENCES cities (id),
	specialty_ru	TEXT NOT NULL,			-- "врачи"
	specialty_en	TEXT NOT NULL,
	purpose_ru	TEXT NOT NULL,
	purpose_en	TEXT NOT NULL,
	people_count	INTEGER CHECK (people_count > 0),	-- NULL: not stated
	starts_on	TEXT,				-- YYYY-MM-DD
	ends_on		TEXT,
	year		INTEGER NOT NULL,
	date_note_ru	TEXT,
	date_note_en	TEXT,
	status		TEXT NOT NULL CHECK (status IN ('proposed', 'planned', 'held', 'cancelled')),
	event_id	INTEGER REFERENCES events (id) ON DELETE SET NULL,
	created_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX delegations_by_year ON delegations (year, id);

CREATE TABLE delegation_members (
	id		INTEGER PRIMARY KEY,
	delegation_id	INTEGER NOT NULL REFERENCES delegations (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	name		TEXT NOT NULL,
	role_ru		TEXT,
	role_en		TEXT
);
CREATE INDEX delegation_members_by_delegation ON delegation_members (delegation_id, position);

-- An event's status known only from a source of that date ("negotiating, as
-- of the article of 16 November 2023"), not the day it took effect.
ALTER TABLE event_status_history ADD COLUMN as_of INTEGER NOT NULL DEFAULT 0;
