/*
 * demo: the seeds' demo data (data/demo.json, linked into the binary) loaded
 * into the tables that exist: the seed cities' names as the articles write
 * them, organizations and the demo accounts. Modules extend demo_load() as
 * their tables land. All in one transaction; a second run changes nothing.
 */
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../api/api.h"
#include "../base/embed.h"
#include "../base/log.h"

EMBED(demo_json, "data/demo.json");

#define DEMO_PASSWORD	"demo-password"

struct loader {
	struct db	*db;
	struct arena	 arena;
	json_t		*org_ids;	/* key -> id */
};

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
	char	 hash[128];

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
		if (api_password_hash(DEMO_PASSWORD, hash) != 0)
			return -1;
		user.email = json_string_value(json_object_get(u, "email"));
		user.name = json_string_value(json_object_get(u, "name"));
		user.role = json_string_value(json_object_get(u, "role"));
		user.locale = json_string_value(json_object_get(u, "locale"));
		user.org_id = json_integer_value(org);
		user.password_hash = hash;
		user.demo_password = true;
		if (db_user_insert(l->db, &user, &id) != DB_OK) {
			log_err("demo: cannot insert user '%s'", user.email);
			return -1;
		}
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
demo_load(struct db *db)
{
	struct loader	 l = { db, ARENA_INIT, json_object() };
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
	    load_exchange(&l, doc) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		goto out;
	}
	log_info("demo: loaded %zu organizations and %zu users",
	    json_array_size(json_object_get(doc, "organizations")),
	    json_array_size(json_object_get(doc, "users")));
	rc = 0;
out:
	json_decref(doc);
	json_decref(l.org_ids);
	arena_release(&l.arena);
	return rc;
}
