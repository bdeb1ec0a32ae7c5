/*
 * demo: the seeds' demo data (data/demo.json, linked into the binary) loaded
 * into the tables that exist: the seed cities' names as the articles write
 * them, organizations, the demo accounts, people, agreements and partnerships,
 * meetings, the exchange, trade, events with their dated status history, aid
 * shipments and delegations of specialists. Modules extend demo_load() as
 * their tables land. All in one transaction; a second run changes nothing.
 */
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../api/api.h"
#include "../base/embed.h"
#include "../base/log.h"
#include "../base/text.h"

EMBED(demo_json, "data/demo.json");

#define DEMO_STAFF	"staff@pobratim.demo"		/* ДВМС, Moscow */
#define DEMO_OTHER_STAFF	"staff.krasnodar@pobratim.demo"

struct loader {
	struct db	*db;
	struct arena	 arena;
	json_t		*org_ids;	/* key -> id */
	json_t		*user_ids;	/* email -> id */
	int64_t		 home_staff;	/* responsible for the home city's partnerships */
	int64_t		 other_staff;	/* for Krasnodar's: its own staff member */
	json_t		*event_ids;	/* key -> id */
	json_t		*partnership_ids;	/* key -> id */
	json_t		*meeting_ids;	/* key -> id */
};

static int	load_facts(struct loader *l, json_t *doc);

static int
city_id(struct loader *l, json_t *geonames_id, int64_t *id)
{
	if (db_city_id_by_geonames(l->db, json_integer_value(geonames_id), id) != DB_OK) {
		log_err("demo: no city with geonames id %lld in the gazetteer",
		    (long long)json_integer_value(geonames_id));
		return -1;
	}
	return 0;
}

/* The Russian name as the seeds write it, where the gazetteer has none. */
static int
load_cities(struct loader *l, json_t *cities)
{
	size_t	 i;
	json_t	*c;

	json_array_foreach(cities, i, c) {
		struct db_city	city;
		int64_t		id;

		if (city_id(l, json_object_get(c, "geonames_id"), &id) == -1 ||
		    db_city_get(l->db, &l->arena, id, &city) != DB_OK)
			return -1;
		if (city.name_ru == NULL && db_city_set_name_ru(l->db, id,
		    json_string_value(json_object_get(c, "name_ru"))) != DB_OK)
			return -1;
	}
	return 0;
}

static int
load_orgs(struct loader *l, json_t *orgs)
{
	size_t	 i;
	json_t	*o;

	json_array_foreach(orgs, i, o) {
		struct db_org	org = { 0 };
		int64_t		id;

		org.kind = json_string_value(json_object_get(o, "kind"));
		org.name_ru = json_string_value(json_object_get(o, "name_ru"));
		org.name_en = json_string_value(json_object_get(o, "name_en"));
		org.short_ru = json_string_value(json_object_get(o, "short_ru"));
		org.short_en = json_string_value(json_object_get(o, "short_en"));
		org.website = json_string_value(json_object_get(o, "website"));
		if (city_id(l, json_object_get(o, "city"), &org.city_id) == -1)
			return -1;
		if (db_org_insert(l->db, &org, &id) != DB_OK) {
			log_err("demo: cannot insert organization '%s'", org.name_en);
			return -1;
		}
		json_object_set_new(l->org_ids, json_string_value(json_object_get(o, "key")),
		    json_integer(id));
	}
	return 0;
}

static int
load_users(struct loader *l, json_t *users)
{
	size_t	 i;
	json_t	*u;
	char	 hash[128], now[TEXT_TIME_LEN];

	text_time(time(NULL), now);
	json_array_foreach(users, i, u) {
		struct db_user	user = { 0 };
		json_t		*org = json_object_get(l->org_ids,
				    json_string_value(json_object_get(u, "organization")));
		int64_t		id;

		if (org == NULL) {
			log_err("demo: user '%s' names an unknown organization",
			    json_string_value(json_object_get(u, "email")));
			return -1;
		}
		if (api_password_hash(API_DEMO_PASSWORD, hash) != 0)
			return -1;
		user.email = json_string_value(json_object_get(u, "email"));
		user.name = json_string_value(json_object_get(u, "name"));
		user.role = json_string_value(json_object_get(u, "role"));
		user.locale = json_string_value(json_object_get(u, "locale"));
		user.timezone = json_string_value(json_object_get(u, "timezone"));
		user.org_id = json_integer_value(org);
		user.password_hash = hash;
		user.demo_password = true;
		user.email_verified_at = now;	/* the demo's addresses count as confirmed */
		if (db_user_insert(l->db, &user, &id) != DB_OK) {
			log_err("demo: cannot insert user '%s'", user.email);
			return -1;
		}
		json_object_set_new(l->user_ids, user.email, json_integer(id));
	}
	return 0;
}

static const char *
str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* An optional city by GeoNames id: 0 for null. */
static int
opt_city(struct loader *l, json_t *geonames_id, int64_t *id)
{
	*id = 0;
	return json_is_null(geonames_id) || geonames_id == NULL ? 0 : city_id(l, geonames_id, id);
}

static int
load_people(struct loader *l, json_t *people)
{
	size_t	 i;
	json_t	*p;

	json_array_foreach(people, i, p) {
		struct db_person	person = { 0 };
		json_t			*org = json_object_get(l->org_ids, str(p, "organization") ?
					    str(p, "organization") : "");
		int64_t			id;

		person.name_ru = str(p, "name_ru");
		person.name_en = str(p, "name_en");
		person.post_ru = str(p, "post_ru");
		person.post_en = str(p, "post_en");
		person.post_since = str(p, "post_as_of");	/* the article's date: on record from then */
		person.org_id = json_integer_value(org);
		person.precedence = (int64_t)(i + 1) * 10;	/* the file's order */
		if (opt_city(l, json_object_get(p, "city"), &person.city_id) == -1)
			return -1;
		if (db_person_insert(l->db, &person, &id) != DB_OK) {
			log_err("demo: cannot insert person '%s'", person.name_en);
			return -1;
		}
	}
	return 0;
}

/* A year "YYYY" as the first or last day of it. */
static const char *
year_day(struct loader *l, json_t *year, bool last)
{
	if (!json_is_integer(year))
		return NULL;
	return arena_printf(&l->arena, "%lld-%s", (long long)json_integer_value(year),
	    last ? "12-31" : "01-01");
}

/* The items of a roadmap, in order; the history records them as created by nobody. */
static int
load_roadmap(struct loader *l, int64_t agreement_id, json_t *items)
{
	size_t	 i;
	json_t	*it;

	json_array_foreach(items, i, it) {
		struct db_roadmap_item	r = { .agreement_id = agreement_id };
		int64_t			id;

		r.sector = str(it, "sector");
		r.side = str(it, "side");
		r.title_ru = str(it, "title_ru");
		r.title_en = str(it, "title_en");
		r.responsible_home = str(it, "responsible_home");
		r.responsible_partner = str(it, "responsible_partner");
		r.due_date = str(it, "due_date");
		r.due_quarter = str(it, "due_quarter");
		r.status = str(it, "status");
		if (db_roadmap_insert(l->db, &r, 0, &id) != DB_OK) {
			log_err("demo: cannot insert roadmap item '%s'", r.title_en);
			return -1;
		}
	}
	return 0;
}

/* Trade series with their points as reported (or derived, and marked so). */
static int
load_trade(struct loader *l, json_t *trade)
{
	size_t	 i, k;
	json_t	*t, *pt;

	json_array_foreach(trade, i, t) {
		struct db_trade_series	s = { .partner_country = str(t, "partner_country"),
			.flow = str(t, "indicator"), .currency = str(t, "currency") };
		int64_t			series;

		if (city_id(l, json_object_get(t, "reporter_city"), &s.reporter_city_id) == -1 ||
		    opt_city(l, json_object_get(t, "partner_city"), &s.partner_city_id) == -1)
			return -1;
		if (db_trade_series_put(l->db, &s, &series) != DB_OK) {
			log_err("demo: cannot insert trade series '%s'", str(t, "key"));
			return -1;
		}
		json_array_foreach(json_object_get(t, "points"), k, pt) {
			struct db_trade_point	p = { .series_id = series,
				.period = str(pt, "period"),
				.value = json_number_value(json_object_get(pt, "value")),
				.derived = json_is_true(json_object_get(pt, "derived")),
				.note_ru = str(pt, "note_ru"), .note_en = str(pt, "note_en") };

			if (db_trade_point_put(l->db, &p) != DB_OK)
				return -1;
		}
	}
	return 0;
}

/*
 * The seeds' status history of an event, oldest first: the event is made
 * with the first status and moved through the rest, each on its date ("as
 * of" when the date is the reporting article's, not the change's).
 */
static int
event_history(struct loader *l, json_t *history, struct db_event *ev, int64_t *id)
{
	json_t	*h;
	size_t	 k;

	json_array_foreach(history, k, h) {
		struct db_event	old = *ev;

		ev->status = str(h, "status");
		ev->status_as_of = json_is_true(json_object_get(h, "as_of"));
		if (str(h, "on") == NULL || (k == 0 ?
		    db_event_insert(l->db, ev, 0, str(h, "on"), id) :
		    db_event_update(l->db, &old, ev, 0, str(h, "on"))) != DB_OK)
			return -1;
		ev->id = *id;
	}
	return json_array_size(history) > 0 ? 0 : -1;
}

/*
 * Events, parents before their sub-events (the file lists them so), with
 * the partnership they belong to where the file names one. The
 * seeds' "festival" and "culture" are culture festivals; all are published:
 * the articles made them public. The last status of the history is the
 * event's status.
 */
static int
load_events(struct loader *l, json_t *doc)
{
	json_t	*ids = l->event_ids, *e;
	size_t	 i;
	int	 rc = 0;

	json_array_foreach(json_object_get(doc, "events"), i, e) {
		struct db_event	ev = { .kind = str(e, "kind"), .title_ru = str(e, "title_ru"),
			.title_en = str(e, "title_en"), .description_ru = str(e, "description_ru"),
			.description_en = str(e, "description_en"), .starts_on = str(e, "starts_on"),
			.ends_on = str(e, "ends_on"), .period_ru = str(e, "period_ru"),
			.period_en = str(e, "period_en"), .format = str(e, "format"),
			.published = true };
		const char	*parent = str(e, "parent"), *pship = str(e, "partnership");
		int64_t		 id;

		if (text_eq(ev.kind, "festival") || text_eq(ev.kind, "culture"))
			ev.kind = "culture_festival";
		if (parent != NULL)
			ev.parent_id = json_integer_value(json_object_get(ids, parent));
		if (pship != NULL)
			ev.partnership_id = json_integer_value(json_object_get(l->partnership_ids,
			    pship));
		if ((pship != NULL && ev.partnership_id == 0) || opt_city(l, json_object_get(e, "city"), &ev.host_city_id) == -1 ||
		    opt_city(l, json_object_get(e, "partner_city"), &ev.guest_city_id) == -1 ||
		    event_history(l, json_object_get(e, "history"), &ev, &id) == -1 ||
		    !text_eq(ev.status, str(e, "status"))) {
			log_err("demo: cannot insert event '%s'", str(e, "key"));
			rc = -1;
			break;
		}
		json_object_set_new(ids, str(e, "key"), json_integer(id));
	}
	return rc;
}

static int
load_agreements(struct loader *l, json_t *agreements)
{
	size_t	 i, k;
	json_t	*g, *party;

	json_array_foreach(agreements, i, g) {
		struct db_agreement	a = { 0 };
		json_t			*parties = json_object_get(g, "parties");
		int64_t			id;

		a.kind = str(g, "kind");
		a.title_ru = str(g, "title_ru");
		a.title_en = str(g, "title_en");
		a.signed_on = str(g, "signed_on");
		a.valid_from = year_day(l, json_object_get(g, "period_from"), false);
		a.valid_to = year_day(l, json_object_get(g, "period_to"), true);
		a.note_ru = str(g, "note_ru");
		a.note_en = str(g, "note_en");
		a.nparties = json_array_size(parties);
		a.parties = arena_alloc(&l->arena, sizeof(*a.parties) * (a.nparties + 1));
		json_array_foreach(parties, k, party) {
			if (opt_city(l, json_object_get(party, "city"), &a.parties[k].city_id) == -1)
				return -1;
			if (a.parties[k].city_id == 0)
				a.parties[k].country_code = str(party, "country");
		}
		if (db_agreement_insert(l->db, &a, &id) != DB_OK) {
			log_err("demo: cannot insert agreement '%s'", a.title_en);
			return -1;
		}
		if (load_roadmap(l, id, json_object_get(g, "items")) == -1)
			return -1;
	}
	return 0;
}

/*
 * The home city's partnerships are its department's (the staff demo
 * account); another city's, that city's staff member's. All are published:
 * the articles made them public.
 */
static int
load_partnerships(struct loader *l, json_t *partnerships, int64_t home)
{
	size_t	 i;
	json_t	*p;
	char	 today[11];

	api_date_today(0, today);
	json_array_foreach(partnerships, i, p) {
		struct db_partnership	ps = { 0 };
		int64_t			id;

		if (city_id(l, json_object_get(p, "city_a"), &ps.a.id) == -1 ||
		    city_id(l, json_object_get(p, "city_b"), &ps.b.id) == -1)
			return -1;
		ps.kind = str(p, "kind");
		ps.since = json_is_integer(json_object_get(p, "since")) ? arena_printf(&l->arena,
		    "%lld", (long long)json_integer_value(json_object_get(p, "since"))) :
		    str(p, "since");
		ps.status = str(p, "status");
		ps.note_ru = str(p, "note_ru");
		ps.note_en = str(p, "note_en");
		ps.published = true;
		ps.responsible_id = ps.a.id == home ? l->home_staff : l->other_staff;
		if (db_partnership_insert(l->db, &ps, ps.responsible_id, today, &id) != DB_OK) {
			log_err("demo: cannot insert partnership '%s'", str(p, "key"));
			return -1;
		}
		json_object_set_new(l->partnership_ids, str(p, "key"), json_integer(id));
	}
	return 0;
}

/* --- meetings --- */

/* The seeds' roles on the protocol's five: experts speak; heads, deputies, guests take part. */
static const char *
meeting_role(const char *r)
{
	if (r == NULL)
		return "participant";
	if (strcmp(r, "host") == 0 || strcmp(r, "speaker") == 0)
		return r;
	if (strcmp(r, "expert") == 0)
		return "speaker";
	return "participant";
}

static int64_t
org_key_id(struct loader *l, json_t *key)
{
	return json_integer_value(json_object_get(l->org_ids, json_string_value(key)));
}

static json_t *
find_by_key(json_t *list, const char *key)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(list, i, v)
		if (key != NULL && text_eq(json_string_value(json_object_get(v, "key")), key))
			return v;
	return NULL;
}

/* Fills m's participants; the host is the organizer, else the first host, else the first. */
static int
demo_participants(struct loader *l, json_t *doc, json_t *mj, struct db_meeting *m)
{
	json_t	*parts = json_object_get(mj, "participants"), *p;
	size_t	 i;

	m->nparticipants = json_array_size(parts);
	m->participants = arena_alloc(&l->arena, (m->nparticipants + 1) * sizeof(*m->participants));
	m->host_org_id = org_key_id(l, json_object_get(mj, "organizer"));
	json_array_foreach(parts, i, p) {
		struct db_participant	*d = &m->participants[i];
		json_t			*person = find_by_key(json_object_get(doc, "people"),
					    json_string_value(json_object_get(p, "person")));

		memset(d, 0, sizeof(*d));
		d->role = meeting_role(json_string_value(json_object_get(p, "role")));
		d->organization_id = org_key_id(l, json_object_get(p, "organization"));
		if (json_is_integer(json_object_get(p, "city")) &&
		    city_id(l, json_object_get(p, "city"), &d->city_id) == -1)
			return -1;
		d->country_code = json_string_value(json_object_get(p, "country"));
		d->label_ru = json_string_value(json_object_get(p, "label_ru"));
		d->label_en = json_string_value(json_object_get(p, "label_en"));
		if (person != NULL) {
			d->name_ru = json_string_value(json_object_get(person, "name_ru"));
			d->name_en = json_string_value(json_object_get(person, "name_en"));
			d->post_ru = json_string_value(json_object_get(person, "post_ru"));
			d->post_en = json_string_value(json_object_get(person, "post_en"));
		}
		if (m->host_org_id == 0 && d->organization_id > 0 && strcmp(d->role, "host") == 0)
			m->host_org_id = d->organization_id;
	}
	for (i = 0; m->host_org_id == 0 && i < m->nparticipants; i++)
		m->host_org_id = m->participants[i].organization_id;
	return m->host_org_id > 0 ? 0 : -1;
}

/* The seeds' notes as minutes: "**Speaker:** what was said", one paragraph each. */
static const char *
demo_minutes(struct loader *l, json_t *doc, json_t *notes, const char *lang)
{
	const char	*out = "";
	json_t		*n;
	size_t		 i;

	json_array_foreach(notes, i, n) {
		json_t		*who = find_by_key(json_object_get(doc, "people"),
				    json_string_value(json_object_get(n, "speaker")));
		const char	*text = json_string_value(json_object_get(n, lang));

		out = who != NULL ? arena_printf(&l->arena, "%s**%s:** %s\n\n", out,
		    json_string_value(json_object_get(who, strcmp(lang, "ru") == 0 ?
		    "name_ru" : "name_en")), text) :
		    arena_printf(&l->arena, "%s%s\n\n", out, text);
	}
	return out;
}

/* Decisions as action items; a year-only due date ("2020") means its last day. */
static int
demo_actions(struct loader *l, json_t *decisions, int64_t meeting_id)
{
	json_t	*d;
	size_t	 i;
	int64_t	 id;

	json_array_foreach(decisions, i, d) {
		struct db_action_item	 it = { .meeting_id = meeting_id };
		const char		*due = json_string_value(json_object_get(d, "due"));

		it.text_ru = json_string_value(json_object_get(d, "ru"));
		it.text_en = json_string_value(json_object_get(d, "en"));
		it.status = json_string_value(json_object_get(d, "status"));
		it.owner_org_id = org_key_id(l, json_object_get(json_object_get(d, "owner"),
		    "organization"));
		if (due != NULL && strlen(due) == 4)
			due = arena_printf(&l->arena, "%s-12-31", due);
		it.due_date = due;
		if (db_action_insert(l->db, &it, &id) != DB_OK)
			return -1;
	}
	return 0;
}

/*
 * The seeds give dates, not hours, and sometimes only a window: such
 * meetings keep date_from/date_to (and the article's note) and no start
 * time; we invent none. All of them have been held.
 */
static int
load_meetings(struct loader *l, json_t *doc)
{
	json_t	*mj, *t;
	size_t	 i, k;

	json_array_foreach(json_object_get(doc, "meetings"), i, mj) {
		struct db_meeting	 m = { .status = "held", .duration = 60, .exdates = "" };
		json_t			*win = json_object_get(mj, "date_window");
		struct db_org		 host;
		int64_t			 id;

		m.title_ru = json_string_value(json_object_get(mj, "title_ru"));
		m.title_en = json_string_value(json_object_get(mj, "title_en"));
		m.format = text_eq(json_string_value(json_object_get(mj, "kind")), "in_person") ?
		    "in_person" : "video";
		m.date_from = m.date_to = json_string_value(json_object_get(mj, "date"));
		if (m.date_from == NULL) {
			m.date_from = json_string_value(json_object_get(win, "from"));
			m.date_to = json_string_value(json_object_get(win, "to"));
		}
		m.date_note_ru = json_string_value(json_object_get(mj, "date_note_ru"));
		m.date_note_en = json_string_value(json_object_get(mj, "date_note_en"));
		if (demo_participants(l, doc, mj, &m) == -1 ||
		    db_org_get(l->db, &l->arena, m.host_org_id, &host) != DB_OK) {
			log_err("demo: meeting %zu has no host organization", i);
			return -1;
		}
		m.timezone = host.city.timezone;
		m.ntopics = json_array_size(json_object_get(mj, "topics"));
		m.topics = arena_alloc(&l->arena, (m.ntopics + 1) * sizeof(*m.topics));
		json_array_foreach(json_object_get(mj, "topics"), k, t) {
			m.topics[k].ru = json_string_value(json_object_get(t, "ru"));
			m.topics[k].en = json_string_value(json_object_get(t, "en"));
		}
		m.minutes_ru = demo_minutes(l, doc, json_object_get(mj, "notes"), "ru");
		m.minutes_en = demo_minutes(l, doc, json_object_get(mj, "notes"), "en");
		if (db_meeting_insert(l->db, &m, &id) != DB_OK ||
		    demo_actions(l, json_object_get(mj, "decisions"), id) == -1) {
			log_err("demo: cannot load meeting %zu", i);
			return -1;
		}
		json_object_set_new(l->meeting_ids, str(mj, "key"), json_integer(id));
	}
	return 0;
}

static int64_t
org_of(struct loader *l, json_t *item, int64_t fallback)
{
	json_t	*org = json_object_get(l->org_ids,
		    json_string_value(json_object_get(item, "organization")) ?
		    json_string_value(json_object_get(item, "organization")) : "");

	return org != NULL ? json_integer_value(org) : fallback;
}

/*
 * Each bulletin of the seeds twice, in Russian and in English, published by
 * the department's staff account on the article's date (NULL when the
 * article has none). The summary is the body, with a link to the source.
 */
static int
load_bulletins(struct loader *l, json_t *bulletins, const struct db_user *staff)
{
	static const char *const lang[] = { "ru", "en" };
	size_t	 i;
	json_t	*b;

	json_array_foreach(bulletins, i, b) {
		const char	*date = json_string_value(json_object_get(b, "published_on"));
		const char	*url = json_string_value(json_object_get(b, "source_url"));

		for (int k = 0; k < 2; k++) {
			struct db_bulletin	 x = { 0 };
			const char		*summary = json_string_value(json_object_get(b,
						    arena_printf(&l->arena, "summary_%s", lang[k])));
			int64_t			 id;

			x.kind = strcmp(json_string_value(json_object_get(b, "channel")),
			    "good_news") == 0 ? "good_news" : "news";
			x.status = "published";
			x.lang = lang[k];
			x.title = json_string_value(json_object_get(b,
			    arena_printf(&l->arena, "title_%s", lang[k])));
			x.body = url == NULL ? summary : arena_printf(&l->arena, "%s\n\n[%s](%s)",
			    summary, k == 0 ? "Источник" : "Source", url);
			x.countries = api_words_of(&l->arena, json_object_get(b, "countries"));
			x.topics = api_words_of(&l->arena, json_object_get(b, "topics"));
			x.source_url = url;
			x.author_id = staff->id;
			x.org_id = org_of(l, b, staff->org_id);
			x.published_at = date != NULL ?
			    arena_printf(&l->arena, "%sT09:00:00Z", date) : NULL;
			x.created_at = x.published_at;
			if (db_bulletin_insert(l->db, &x, &id) != DB_OK) {
				log_err("demo: cannot insert bulletin '%s'",
				    json_string_value(json_object_get(b, "key")));
				return -1;
			}
		}
	}
	return 0;
}

/* Fact checks: only those demo.json holds, each in its language. */
static int
load_fact_checks(struct loader *l, json_t *checks, const struct db_user *staff)
{
	static const char *const lang[] = { "ru", "en" };
	size_t	 i, j;
	json_t	*c, *u;

	json_array_foreach(checks, i, c) {
		for (int k = 0; k < 2; k++) {
			struct db_bulletin	 x = { 0 };
			const char		*sources = "";
			const char		*date = json_string_value(json_object_get(c,
						    "published_on"));
			int64_t			 id;

#define FIELD(name)	json_string_value(json_object_get(c, arena_printf(&l->arena, \
			    "%s_%s", name, lang[k])))
			json_array_foreach(json_object_get(c, "sources"), j, u)
				sources = arena_printf(&l->arena, "%s%s\n", sources,
				    json_string_value(u));
			x.kind = "fact_check";
			x.status = "published";
			x.lang = lang[k];
			x.title = FIELD("title");
			x.claim = FIELD("claim");
			x.claim_source = FIELD("claim_source");
			x.body = FIELD("explanation");
			x.verdict = json_string_value(json_object_get(c, "verdict"));
			x.sources = sources;
			x.countries = api_words_of(&l->arena, json_object_get(c, "countries"));
			x.topics = api_words_of(&l->arena, json_object_get(c, "topics"));
			x.author_id = staff->id;
			x.org_id = org_of(l, c, staff->org_id);
			x.published_at = date != NULL ?
			    arena_printf(&l->arena, "%sT09:00:00Z", date) : NULL;
			x.created_at = x.published_at;
#undef FIELD
			if (db_bulletin_insert(l->db, &x, &id) != DB_OK) {
				log_err("demo: cannot insert fact check '%s'",
				    json_string_value(json_object_get(c, "key")));
				return -1;
			}
		}
	}
	return 0;
}

static int
load_exchange(struct loader *l, json_t *doc)
{
	struct db_user	staff;

	if (db_user_get_by_email(l->db, &l->arena, "staff@pobratim.demo", &staff) != DB_OK) {
		log_err("demo: no staff account to publish the bulletins");
		return -1;
	}
	if (load_bulletins(l, json_object_get(doc, "bulletins"), &staff) == -1)
		return -1;
	return load_fact_checks(l, json_object_get(doc, "fact_checks"), &staff);
}

/*
 * Aid shipments: the donor is the region or organization the seed names,
 * the weight its stated tonnes; each distribution gives every item to the
 * recipient, in quantities as unstated as the items' own.
 */
static int
load_shipment(struct loader *l, json_t *a)
{
	struct db_shipment	 s = { .donor_name_ru = str(a, "from_region_ru"),
		.donor_name_en = str(a, "from_region_en"), .donor_country = str(a, "from_country"),
		.arrived_on = str(a, "date"), .year = json_integer_value(json_object_get(a, "year")),
		.date_note_ru = str(a, "date_note_ru"), .date_note_en = str(a, "date_note_en"),
		.status = str(a, "status"), .weight_qualifier = str(a, "weight_qualifier"),
		.weight_kg = json_number_value(json_object_get(a, "weight_tonnes")) * 1000,
		.notes_ru = str(a, "description_ru"), .notes_en = str(a, "description_en") };
	struct db_shipment	 got;
	json_t			*x;
	size_t			 i;
	int64_t			 id, did;

	if (opt_city(l, json_object_get(a, "from_city"), &s.donor_city_id) == -1 ||
	    city_id(l, json_object_get(a, "to_city"), &s.recipient_city_id) == -1)
		return -1;
	s.nitems = json_array_size(json_object_get(a, "items"));
	s.items = arena_alloc(&l->arena, sizeof(*s.items) * (s.nitems + 1));
	json_array_foreach(json_object_get(a, "items"), i, x)
		s.items[i] = (struct db_shipment_item){ .name_ru = str(x, "ru"),
			.name_en = str(x, "en"), .unit = str(x, "unit"),
			.quantity = json_number_value(json_object_get(x, "quantity")) };
	if (db_shipment_insert(l->db, &s, 0, &id) != DB_OK ||
	    db_shipment_get(l->db, &l->arena, id, &got) != DB_OK)
		return -1;
	json_array_foreach(json_object_get(a, "distribution"), i, x) {
		struct db_distribution	d = { .shipment_id = id,
			.recipient_kind = str(x, "recipient_kind"), .recipient_org_id = org_of(l, x, 0),
			.recipient_name_ru = str(x, "recipient_ru"),
			.recipient_name_en = str(x, "recipient_en"),
			.note_ru = str(x, "share_ru"), .note_en = str(x, "share_en"),
			.nlines = got.nitems };

		d.lines = arena_alloc(&l->arena, sizeof(*d.lines) * (got.nitems + 1));
		for (size_t k = 0; k < got.nitems; k++)
			d.lines[k] = (struct db_distribution_line){ got.items[k].id,
				got.items[k].quantity };
		if (db_distribution_insert(l->db, &d, 0, &did) != DB_OK)
			return -1;
	}
	return 0;
}

/* The people an exchange names, as members: "Сунь Чже (Sun Zhe)", their post as the role. */
static int
delegation_members(struct loader *l, json_t *doc, json_t *x, struct db_delegation *d)
{
	json_t	*people = json_object_get(x, "people"), *key;
	size_t	 i;

	d->nmembers = json_array_size(people);
	d->members = arena_alloc(&l->arena, (d->nmembers + 1) * sizeof(*d->members));
	json_array_foreach(people, i, key) {
		json_t	*p = find_by_key(json_object_get(doc, "people"), json_string_value(key));

		if (p == NULL) {
			log_err("demo: no person '%s'", json_string_value(key));
			return -1;
		}
		d->members[i].name = arena_printf(&l->arena, "%s (%s)", str(p, "name_ru"),
		    str(p, "name_en"));
		d->members[i].role_ru = str(p, "post_ru");
		d->members[i].role_en = str(p, "post_en");
	}
	return 0;
}

/*
 * Delegations and exchanges of specialists: the exchanges that name a
 * specialty, from a city or, where the article names none, from a country.
 */
static int
load_delegation(struct loader *l, json_t *doc, json_t *x)
{
	struct db_delegation	d = { .specialty_ru = str(x, "specialty_ru"),
		.specialty_en = str(x, "specialty_en"), .purpose_ru = str(x, "purpose_ru"),
		.purpose_en = str(x, "purpose_en"),
		.people_count = json_integer_value(json_object_get(x, "people_count")),
		.starts_on = str(x, "date"), .year = json_integer_value(json_object_get(x, "year")),
		.date_note_ru = str(x, "date_note_ru"), .date_note_en = str(x, "date_note_en"),
		.status = text_eq(str(x, "status"), "invited") ? "proposed" : str(x, "status"),
		.from_country = str(x, "from_country") };
	int64_t			id;

	if (delegation_members(l, doc, x, &d) == -1 ||
	    opt_city(l, json_object_get(x, "from_city"), &d.from_city_id) == -1 ||
	    city_id(l, json_object_get(x, "to_city"), &d.to_city_id) == -1)
		return -1;
	return db_delegation_insert(l->db, &d, 0, &id) == DB_OK ? 0 : -1;
}

static int
load_aid(struct loader *l, json_t *doc)
{
	json_t	*x;
	size_t	 i;

	json_array_foreach(json_object_get(doc, "aid"), i, x)
		if (load_shipment(l, x) == -1) {
			log_err("demo: cannot insert shipment '%s'", str(x, "key"));
			return -1;
		}
	json_array_foreach(json_object_get(doc, "exchanges"), i, x)
		if (str(x, "specialty_en") != NULL && load_delegation(l, doc, x) == -1) {
			log_err("demo: cannot insert delegation '%s'", str(x, "key"));
			return -1;
		}
	return 0;
}

static bool
already_loaded(struct db *db, json_t *users)
{
	struct arena	a = ARENA_INIT;
	struct db_user	u;
	bool		found;

	found = db_user_get_by_email(db, &a, json_string_value(json_object_get(
	    json_array_get(users, 0), "email")), &u) == DB_OK;
	arena_release(&a);
	return found;
}

int
demo_load(struct db *db, const char *files_dir)
{
	struct loader	 l = { db, ARENA_INIT, json_object(), json_object(), 0, 0, json_object(),
			    json_object(), json_object() };
	int64_t		 home = 0;
	json_error_t	 e;
	json_t		*doc = json_loadb(demo_json, (size_t)(demo_json_end - demo_json), 0, &e);
	int		 rc = -1;

	if (doc == NULL) {
		log_err("demo: data/demo.json: %s (line %d)", e.text, e.line);
		goto out;
	}
	if (already_loaded(db, json_object_get(doc, "users"))) {
		log_info("demo: already loaded");
		rc = 0;
		goto out;
	}
	if (db_begin(db) == -1)
		goto out;
	if (load_cities(&l, json_object_get(doc, "cities")) == -1 ||
	    load_orgs(&l, json_object_get(doc, "organizations")) == -1 ||
	    load_users(&l, json_object_get(doc, "users")) == -1 ||
	    city_id(&l, json_object_get(doc, "home_city"), &home) == -1 ||
	    load_people(&l, json_object_get(doc, "people")) == -1 ||
	    load_agreements(&l, json_object_get(doc, "agreements")) == -1 ||
	    (l.home_staff = json_integer_value(json_object_get(l.user_ids, DEMO_STAFF)),
	    l.other_staff = json_integer_value(json_object_get(l.user_ids, DEMO_OTHER_STAFF)),
	    load_partnerships(&l, json_object_get(doc, "partnerships"), home)) == -1 ||
	    load_meetings(&l, doc) == -1 || load_exchange(&l, doc) == -1 ||
	    load_trade(&l, json_object_get(doc, "trade")) == -1 || load_events(&l, doc) == -1 ||
	    load_aid(&l, doc) == -1 ||
	    demo_showcase_load(db, doc, l.org_ids, l.event_ids, files_dir) == -1 ||
	    load_facts(&l, doc) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		goto out;
	}
	/*
	 * One segment of the full-text index instead of the sixteen that a
	 * hundred one-row writes leave: each search query opens every segment
	 * (a third of a demo search's time; docs/performance.md).
	 */
	if (db_search_optimize(db) != DB_OK)
		goto out;
	log_info("demo: loaded %zu organizations, %zu users, %zu people, %zu partnerships"
	    " and %zu agreements",
	    json_array_size(json_object_get(doc, "organizations")),
	    json_array_size(json_object_get(doc, "users")),
	    json_array_size(json_object_get(doc, "people")),
	    json_array_size(json_object_get(doc, "partnerships")),
	    json_array_size(json_object_get(doc, "agreements")));
	rc = 0;
out:
	json_decref(doc);
	json_decref(l.org_ids);
	json_decref(l.user_ids);
	json_decref(l.event_ids);
	json_decref(l.partnership_ids);
	json_decref(l.meeting_ids);
	arena_release(&l.arena);
	return rc;
}

/* --- what the seeds state that has no other place (issue 15) --- */

/* The seed article's address and date ("000" -> url, published_on). */
static json_t *
seed_of(json_t *doc, json_t *item)
{
	json_t	*s;
	size_t	 i;

	json_array_foreach(json_object_get(doc, "seeds"), i, s)
		if (text_eq(str(s, "id"), str(item, "seed")))
			return s;
	return NULL;
}

/* Each quote on the page of the meeting or the event it names. */
static int
load_quotes(struct loader *l, json_t *doc)
{
	json_t	*q;
	size_t	 i;
	int64_t	 id;

	json_array_foreach(json_object_get(doc, "quotes"), i, q) {
		json_t		*p = find_by_key(json_object_get(doc, "people"), str(q, "person"));
		struct db_quote	 row = { .text_ru = str(q, "text_ru"), .text_en = str(q, "text_en"),
			.said_on = str(q, "said_on"), .source_url = str(seed_of(doc, q), "url") };

		if (p == NULL)
			return -1;
		row.speaker_ru = str(p, "name_ru");
		row.speaker_en = str(p, "name_en");
		row.post_ru = str(p, "post_ru");
		row.post_en = str(p, "post_en");
		row.meeting_id = json_integer_value(json_object_get(l->meeting_ids,
		    str(q, "meeting") ? str(q, "meeting") : ""));
		row.event_id = json_integer_value(json_object_get(l->event_ids,
		    str(q, "event") ? str(q, "event") : ""));
		if ((row.meeting_id > 0) == (row.event_id > 0) ||
		    db_quote_insert(l->db, &row, &id) != DB_OK) {
			log_err("demo: cannot place quote '%s'", str(q, "key"));
			return -1;
		}
	}
	return 0;
}

/* Figures as stated, with who stated them and the quote that states them. */
static int
load_figures(struct loader *l, json_t *doc)
{
	json_t	*f;
	size_t	 i;
	int64_t	 id;

	json_array_foreach(json_object_get(doc, "figures"), i, f) {
		json_t			*q = find_by_key(json_object_get(doc, "quotes"), str(f, "quote"));
		json_t			*p = find_by_key(json_object_get(doc, "people"), str(q, "person"));
		struct db_city_figure	 row = { .indicator = str(f, "indicator"),
			.value = json_integer_value(json_object_get(f, "value")), .as_of = str(f, "as_of"),
			.label_ru = str(f, "label_ru"), .label_en = str(f, "label_en"),
			.quote_ru = str(q, "text_ru"), .quote_en = str(q, "text_en"),
			.source_url = str(seed_of(doc, f), "url") };

		if (p == NULL || city_id(l, json_object_get(f, "city"), &row.city_id) == -1)
			return -1;
		row.stated_by_ru = arena_printf(&l->arena, "%s, %s", str(p, "name_ru"), str(p, "post_ru"));
		row.stated_by_en = arena_printf(&l->arena, "%s, %s", str(p, "name_en"), str(p, "post_en"));
		if (db_city_figure_insert(l->db, &row, &id) != DB_OK)
			return -1;
	}
	return 0;
}

/* The practice of the owning city with this English title; 0 when none. */
static int64_t
practice_id(struct loader *l, int64_t city, const char *title_en)
{
	struct db_practice	*ps;
	size_t			 n;

	if (db_practice_list(l->db, &l->arena, city, NULL, &ps, &n) != DB_OK)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (text_eq(ps[i].title_en, title_en))
			return ps[i].id;
	return 0;
}

/* Interest of a whole country or region (no city): said to study the practice. */
static int
load_practice_regions(struct loader *l, json_t *doc)
{
	json_t	*pj, *ij;
	size_t	 i, k;
	int64_t	 city, id;

	json_array_foreach(json_object_get(doc, "practices"), i, pj) {
		if (city_id(l, json_object_get(pj, "owner_city"), &city) == -1)
			return -1;
		json_array_foreach(json_object_get(pj, "interest"), k, ij) {
			struct db_practice_region	 r = { .country_code = str(ij, "country"),
				.region_ru = str(ij, "region_ru"), .region_en = str(ij, "region_en"),
				.note_ru = str(ij, "note_ru"), .note_en = str(ij, "note_en"),
				.stated_on = str(seed_of(doc, ij), "published_on"),
				.source_url = str(seed_of(doc, ij), "url") };

			if (json_integer_value(json_object_get(ij, "city")) != 0)
				continue;	/* a city's interest is an interest request */
			if (r.region_en != NULL)
				r.country_code = NULL;
			if ((r.practice_id = practice_id(l, city, str(pj, "title_en"))) == 0 ||
			    db_practice_region_insert(l->db, &r, &id) != DB_OK) {
				log_err("demo: cannot record the interest in '%s'", str(pj, "key"));
				return -1;
			}
		}
	}
	return 0;
}

/*
 * Where an article puts a region in place of the country ("Сухум (Абхазия)":
 * what it writes is the city's region in the gazetteer), the region as
 * written; a country written otherwise ("КНР", "ФРГ") is only a spelling.
 */
static int
load_city_regions(struct loader *l, json_t *doc)
{
	json_t	*c;
	size_t	 i;

	json_array_foreach(json_object_get(doc, "cities"), i, c) {
		struct db_city_region	r = { .region_ru = str(c, "country_as_written_ru"),
			.region_en = str(c, "country_as_written_en"),
			.source_url = str(seed_of(doc, c), "url") };
		struct db_city		city;

		if (r.region_en == NULL)
			continue;
		if (city_id(l, json_object_get(c, "geonames_id"), &r.city_id) == -1 ||
		    db_city_get(l->db, &l->arena, r.city_id, &city) != DB_OK)
			return -1;
		if (text_eq(city.admin1, r.region_en) && db_city_region_put(l->db, &r) != DB_OK)
			return -1;
	}
	return 0;
}

static int
load_facts(struct loader *l, json_t *doc)
{
	return load_quotes(l, doc) == -1 || load_figures(l, doc) == -1 ||
	    load_practice_regions(l, doc) == -1 || load_city_regions(l, doc) == -1 ? -1 : 0;
}
