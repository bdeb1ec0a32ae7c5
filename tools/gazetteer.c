/*
 * gazetteer — build-time generator of pobratim's gazetteer (countries, cities).
 *
 * Usage: gazetteer OUTDIR
 * Writes OUTDIR/countries.tsv and OUTDIR/cities.tsv (UTF-8, tab-separated, no header,
 * one row per line, no tabs or newlines inside fields):
 *
 *   countries.tsv  alpha2 \t alpha3 \t numeric \t name_en \t name_ru \t continent
 *                  sorted by alpha2
 *   cities.tsv     geonames_id \t name_en \t name_ru \t country_code \t admin1_name \t
 *                  latitude(%.5f) \t longitude(%.5f) \t timezone \t population
 *                  sorted by geonames_id (numerically); name_ru is empty when unknown
 *
 * Every value comes from a Debian package; nothing is typed by hand except the small,
 * commented rule tables below (continent rule, Kosovo).
 *
 *   cities           libgeonames (libgeonames0 / libgeonames-common): geonames_get_n_cities(),
 *                    geonames_get_city(i) -> GVariant (sssssssudd):
 *                    (id, name, admin1 code, admin1 name, CC, country name, tz, population,
 *                    lat, lon). Read raw from the tuple, so the output does not depend on the
 *                    process locale.
 *   city names (ru)  /usr/share/locale/ru/LC_MESSAGES/geonames.mo, keyed by geonames id
 *                    (the same catalog also maps "CC" -> Russian country name).
 *   countries        iso-codes: /usr/share/iso-codes/json/iso_3166-1.json (jansson)
 *   countries (ru)   iso-codes: /usr/share/locale/ru/LC_MESSAGES/iso_3166-1.mo, keyed by the
 *                    English string.
 *   continents       derived (see CONTINENT RULE below), helped by tzdata's
 *                    /usr/share/zoneinfo/zone.tab for countries without cities.
 *
 * The .mo files are parsed directly (GNU gettext binary format, either byte order), so no
 * Russian locale needs to be generated and setlocale() is never called (which also keeps
 * printf's decimal point a '.').
 *
 * Build: gcc -std=c17 -Wall -Wextra -Werror -O2 tools/gazetteer.c \
 *            $(pkg-config --cflags --libs geonames jansson)
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <geonames.h>
#include <jansson.h>

/* Source paths (Debian locations); -D overrides exist for testing only. */
#ifndef ISO_JSON
#define ISO_JSON "/usr/share/iso-codes/json/iso_3166-1.json"
#endif
#ifndef ISO_MO
#define ISO_MO "/usr/share/locale/ru/LC_MESSAGES/iso_3166-1.mo"
#endif
#ifndef GEONAMES_MO
#define GEONAMES_MO "/usr/share/locale/ru/LC_MESSAGES/geonames.mo"
#endif
#ifndef ZONE_TAB
#define ZONE_TAB "/usr/share/zoneinfo/zone.tab"
#endif

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gazetteer: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* ------------------------------------------------------------------------------------ */
/* Field sanitizing: valid UTF-8, no control characters (tabs, newlines...), trimmed.    */

static char *clean(const char *s)
{
    if (s == NULL)
        return g_strdup("");
    char *v = g_utf8_make_valid(s, -1);
    for (char *p = v; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7f)
            *p = ' ';
    }
    g_strstrip(v);
    return v;
}

/* ------------------------------------------------------------------------------------ */
/* GNU gettext .mo catalog                                                               */
/*
 * Layout (all integers 32-bit, in the byte order given by the magic):
 *   0  magic 0x950412de      4  revision (major must be 0 or 1)
 *   8  N strings            12  offset O of the original-strings table
 *  16  offset T of the translations table   (each table: N pairs {length, offset})
 * Strings are NUL-terminated at offset+length. A key holding '\004' carries a msgctxt;
 * a key or value holding '\0' before its length is a plural form (only the first is used).
 */

typedef struct {
    unsigned char *data;
    size_t size;
    GHashTable *map; /* const char* key -> const char* value, both point into data */
} MoCatalog;

static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open %s: %s", path, strerror(errno));
    size_t cap = 1 << 16, len = 0;
    unsigned char *buf = g_malloc(cap);
    for (;;) {
        if (len == cap) {
            cap *= 2;
            buf = g_realloc(buf, cap);
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(f))
        die("cannot read %s", path);
    fclose(f);
    *size = len;
    return buf;
}

static uint32_t mo_u32(const MoCatalog *mo, size_t off, int big_endian, const char *path)
{
    if (off > mo->size || mo->size - off < 4)
        die("%s: truncated .mo file", path);
    const unsigned char *b = mo->data + off;
    if (big_endian)
        return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

static const char *mo_string(const MoCatalog *mo, uint32_t len, uint32_t off, const char *path)
{
    if ((size_t)off > mo->size || (size_t)len >= mo->size - off || mo->data[off + len] != '\0')
        die("%s: string out of bounds in .mo file", path);
    return (const char *)mo->data + off;
}

static void mo_load(MoCatalog *mo, const char *path)
{
    mo->data = read_file(path, &mo->size);
    mo->map = g_hash_table_new(g_str_hash, g_str_equal);
    int be;
    uint32_t m = mo_u32(mo, 0, 0, path);
    if (m == 0x950412deu)
        be = 0;
    else if (m == 0xde120495u)
        be = 1;
    else
        die("%s: not a GNU .mo file (magic 0x%08" PRIx32 ")", path, m);
    uint32_t rev = mo_u32(mo, 4, be, path);
    if ((rev >> 16) > 1)
        die("%s: unsupported .mo revision %" PRIu32, path, rev);
    uint32_t n = mo_u32(mo, 8, be, path);
    uint32_t orig = mo_u32(mo, 12, be, path);
    uint32_t trans = mo_u32(mo, 16, be, path);
    for (uint32_t i = 0; i < n; i++) {
        size_t o = (size_t)orig + (size_t)i * 8, t = (size_t)trans + (size_t)i * 8;
        const char *k = mo_string(mo, mo_u32(mo, o, be, path), mo_u32(mo, o + 4, be, path), path);
        const char *v = mo_string(mo, mo_u32(mo, t, be, path), mo_u32(mo, t + 4, be, path), path);
        if (k[0] == '\0' || strchr(k, '\004') || v[0] == '\0')
            continue; /* header entry, context-qualified entry, or untranslated */
        g_hash_table_insert(mo->map, (gpointer)k, (gpointer)v);
    }
}

static const char *mo_get(const MoCatalog *mo, const char *key)
{
    if (key == NULL || key[0] == '\0')
        return NULL;
    return g_hash_table_lookup(mo->map, key);
}

/* ------------------------------------------------------------------------------------ */
/* CONTINENT RULE                                                                        */
/*
 * No installed package states a country's continent, so it is derived from IANA time zones:
 *
 *  1. Overrides (checked first), where the zone area contradicts the usual assignment:
 *       TR -> asia    (tz puts all of Turkey in Europe/Istanbul; its capital and ~97% of its
 *                      land are in Asia)
 *       CY -> europe  (tz: Asia/Nicosia; Cyprus is an EU member and counted with Europe,
 *                      as in GeoNames' own country table)
 *       BV, HM -> antarctica (uninhabited; no zone in zone.tab)
 *  2. Otherwise every libgeonames city of the country votes for the continent of its zone,
 *     weighted by population + 1; the heaviest continent wins. Russia thus gets europe
 *     (Moscow, St Petersburg... outweigh the Asian zones).
 *  3. Countries without cities in libgeonames use the first zone zone.tab lists for them
 *     (tzdata lists the most populous zone of a country first).
 *
 * Continent of a zone, by its area (the part before the first '/'):
 *    Europe, Arctic -> europe;  Asia -> asia;  Africa -> africa;
 *    Australia, Pacific -> oceania;  Antarctica -> antarctica;
 *    America -> south_america when the country is one of the twelve South American states
 *       or French Guiana or the Falklands (AR BO BR CL CO EC FK GF GY PE PY SR UY VE),
 *       else north_america (which thus includes Central America and the Caribbean);
 *    Atlantic, Indian: by zone, see zone_special[] below (islands follow the continent they
 *       are usually counted with: Iceland/Faroe/Azores/Madeira/Canary -> europe, Bermuda ->
 *       north_america, Stanley -> south_america, Cape Verde/St Helena and the western Indian
 *       Ocean islands -> africa, Maldives/Chagos/Christmas/Cocos -> asia, South Georgia and
 *       Kerguelen -> antarctica).
 */

enum { EUROPE, ASIA, AFRICA, NORTH_AMERICA, SOUTH_AMERICA, OCEANIA, ANTARCTICA, N_CONTINENTS };
static const char *const continent_names[N_CONTINENTS] = {
    "europe", "asia", "africa", "north_america", "south_america", "oceania", "antarctica",
};

static const struct { const char *cc; int continent; } continent_override[] = {
    {"TR", ASIA}, {"CY", EUROPE}, {"BV", ANTARCTICA}, {"HM", ANTARCTICA},
};

static const char *const south_america[] = {
    "AR", "BO", "BR", "CL", "CO", "EC", "FK", "GF", "GY", "PE", "PY", "SR", "UY", "VE",
};

static const struct { const char *zone; int continent; } zone_special[] = {
    {"Atlantic/Reykjavik", EUROPE},      {"Atlantic/Faroe", EUROPE},
    {"Atlantic/Azores", EUROPE},         {"Atlantic/Madeira", EUROPE},
    {"Atlantic/Canary", EUROPE},         {"Atlantic/Bermuda", NORTH_AMERICA},
    {"Atlantic/Stanley", SOUTH_AMERICA}, {"Atlantic/Cape_Verde", AFRICA},
    {"Atlantic/St_Helena", AFRICA},      {"Atlantic/South_Georgia", ANTARCTICA},
    {"Indian/Antananarivo", AFRICA},     {"Indian/Comoro", AFRICA},
    {"Indian/Mahe", AFRICA},             {"Indian/Mauritius", AFRICA},
    {"Indian/Mayotte", AFRICA},          {"Indian/Reunion", AFRICA},
    {"Indian/Maldives", ASIA},           {"Indian/Chagos", ASIA},
    {"Indian/Christmas", ASIA},          {"Indian/Cocos", ASIA},
    {"Indian/Kerguelen", ANTARCTICA},
};

static int zone_continent(const char *zone, const char *cc)
{
    for (size_t i = 0; i < G_N_ELEMENTS(zone_special); i++)
        if (strcmp(zone, zone_special[i].zone) == 0)
            return zone_special[i].continent;
    const char *slash = strchr(zone, '/');
    size_t n = slash ? (size_t)(slash - zone) : strlen(zone);
#define AREA(s) (n == strlen(s) && strncmp(zone, s, n) == 0)
    if (AREA("Europe") || AREA("Arctic"))
        return EUROPE;
    if (AREA("Asia"))
        return ASIA;
    if (AREA("Africa"))
        return AFRICA;
    if (AREA("Australia") || AREA("Pacific"))
        return OCEANIA;
    if (AREA("Antarctica"))
        return ANTARCTICA;
    if (AREA("America")) {
        for (size_t i = 0; i < G_N_ELEMENTS(south_america); i++)
            if (strcmp(cc, south_america[i]) == 0)
                return SOUTH_AMERICA;
        return NORTH_AMERICA;
    }
#undef AREA
    return -1;
}

/* ------------------------------------------------------------------------------------ */

typedef struct {
    char *alpha2, *alpha3, *numeric, *name_en, *name_ru;
    double votes[N_CONTINENTS];
    int n_cities;
    int continent;
} Country;

typedef struct {
    long long id;
    char *id_str, *name_en, *name_ru, *cc, *admin1, *tz;
    double lat, lon;
    guint32 population;
} City;

/*
 * Country codes that libgeonames uses but ISO 3166-1 (iso-codes) does not have.
 * XK (Kosovo) is a user-assigned code used by GeoNames, the EU and the IMF; XKX is the
 * matching alpha-3 in the same usage; there is no numeric code. The names come from
 * libgeonames (English) and geonames.mo (Russian), not from this table.
 */
static const struct { const char *alpha2, *alpha3, *numeric; } extra_codes[] = {
    {"XK", "XKX", ""},
};

static int cmp_country(const void *a, const void *b)
{
    const Country *x = *(Country *const *)a, *y = *(Country *const *)b;
    return strcmp(x->alpha2, y->alpha2);
}

static int cmp_city(const void *a, const void *b)
{
    const City *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static const char *json_str(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static FILE *open_out(const char *dir, const char *name, char **tmp, char **final)
{
    *final = g_build_filename(dir, name, NULL);
    *tmp = g_strconcat(*final, ".tmp", NULL);
    FILE *f = fopen(*tmp, "w");
    if (!f)
        die("cannot write %s: %s", *tmp, strerror(errno));
    return f;
}

static void close_out(FILE *f, char *tmp, char *final)
{
    if (fflush(f) != 0 || ferror(f) || fclose(f) != 0)
        die("error writing %s", tmp);
    if (rename(tmp, final) != 0)
        die("cannot rename %s to %s: %s", tmp, final, strerror(errno));
    g_free(tmp);
    g_free(final);
}

int main(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: %s OUTDIR\n"
                        "Writes OUTDIR/countries.tsv and OUTDIR/cities.tsv from libgeonames,\n"
                        "iso-codes and tzdata.\n", argv[0]);
        return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    const char *outdir = argv[1];
    if (g_mkdir_with_parents(outdir, 0755) != 0)
        die("cannot create %s: %s", outdir, strerror(errno));

    MoCatalog geo_mo, iso_mo;
    mo_load(&geo_mo, GEONAMES_MO);
    mo_load(&iso_mo, ISO_MO);

    /* zone.tab: first zone listed per country */
    GHashTable *first_zone = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    {
        FILE *f = fopen(ZONE_TAB, "r");
        if (!f)
            die("cannot open %s: %s", ZONE_TAB, strerror(errno));
        char line[1024];
        while (fgets(line, sizeof line, f)) {
            if (line[0] == '#' || line[0] == '\n')
                continue;
            line[strcspn(line, "\r\n")] = '\0';
            char **parts = g_strsplit(line, "\t", 4);
            if (g_strv_length(parts) >= 3 && !g_hash_table_contains(first_zone, parts[0]))
                g_hash_table_insert(first_zone, g_strdup(parts[0]), g_strdup(parts[2]));
            g_strfreev(parts);
        }
        fclose(f);
    }

    /* countries from iso-codes */
    GHashTable *countries = g_hash_table_new(g_str_hash, g_str_equal); /* alpha2 -> Country* */
    GPtrArray *country_list = g_ptr_array_new();                         /* every Country* */
    {
        json_error_t err;
        json_t *root = json_load_file(ISO_JSON, 0, &err);
        if (!root)
            die("%s:%d: %s", ISO_JSON, err.line, err.text);
        json_t *list = json_object_get(root, "3166-1");
        if (!json_is_array(list))
            die("%s: no \"3166-1\" array", ISO_JSON);
        size_t i;
        json_t *e;
        json_array_foreach(list, i, e) {
            const char *a2 = json_str(e, "alpha_2"), *a3 = json_str(e, "alpha_3");
            const char *num = json_str(e, "numeric"), *name = json_str(e, "name");
            const char *common = json_str(e, "common_name");
            if (!a2 || !a3 || !num || !name)
                die("%s: entry %zu lacks alpha_2/alpha_3/numeric/name", ISO_JSON, i);
            /*
             * English: the common name when iso-codes gives one ("Taiwan", "South Korea",
             * "Bolivia", "Vietnam"), else the ISO short name.
             * Russian: the translation of the same English string; when the common name has
             * no translation, the short Russian name geonames.mo has for the code ("Лаос",
             * "Сирия"); then the translation of the ISO name; then geonames.mo again (iso-codes
             * lacks a Russian "Türkiye"); as a last resort the English name.
             */
            const char *en = common ? common : name;
            const char *ru = NULL;
            if (common) {
                ru = mo_get(&iso_mo, common);
                if (!ru)
                    ru = mo_get(&geo_mo, a2);
            }
            if (!ru)
                ru = mo_get(&iso_mo, name);
            if (!ru)
                ru = mo_get(&geo_mo, a2);
            if (!ru) {
                fprintf(stderr, "gazetteer: note: no Russian name for country %s (%s)\n", a2, en);
                ru = en;
            }
            Country *c = g_new0(Country, 1);
            c->alpha2 = clean(a2);
            c->alpha3 = clean(a3);
            c->numeric = clean(num);
            c->name_en = clean(en);
            c->name_ru = clean(ru);
            c->continent = -1;
            if (g_hash_table_contains(countries, c->alpha2))
                die("%s: duplicate alpha_2 %s", ISO_JSON, c->alpha2);
            g_hash_table_insert(countries, c->alpha2, c);
            g_ptr_array_add(country_list, c);
        }
        json_decref(root);
    }

    /* cities from libgeonames */
    int n = geonames_get_n_cities();
    if (n <= 0)
        die("libgeonames returned no cities");
    City *cities = g_new0(City, (size_t)n);
    size_t n_cities = 0, n_ru = 0;
    GHashTable *seen_ids = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < n; i++) {
        GeonamesCity *gc = geonames_get_city(i);
        if (!gc || !g_variant_is_of_type(gc, G_VARIANT_TYPE("(sssssssudd)")))
            die("libgeonames city %d has an unexpected type", i);
        const char *id, *name, *a1code, *a1name, *cc, *cname, *tz;
        guint32 pop;
        double lat, lon;
        g_variant_get(gc, "(&s&s&s&s&s&s&sudd)", &id, &name, &a1code, &a1name, &cc, &cname,
                      &tz, &pop, &lat, &lon);
        (void)a1code;
        char *end = NULL;
        long long idn = strtoll(id, &end, 10);
        if (!*id || *end || idn <= 0) {
            fprintf(stderr, "gazetteer: skipping city with bad id '%s' (%s)\n", id, name);
            geonames_city_free(gc);
            continue;
        }
        if (g_hash_table_contains(seen_ids, id)) {
            fprintf(stderr, "gazetteer: skipping duplicate city id %s (%s)\n", id, name);
            geonames_city_free(gc);
            continue;
        }
        City *c = &cities[n_cities++];
        c->id = idn;
        c->id_str = g_strdup(id);
        g_hash_table_add(seen_ids, c->id_str);
        c->name_en = clean(name);
        const char *ru = mo_get(&geo_mo, id);
        c->name_ru = clean(ru);
        if (c->name_ru[0])
            n_ru++;
        c->cc = clean(cc);
        c->admin1 = clean(a1name);
        c->tz = clean(tz);
        /* no "-0.00000" in the output */
        c->lat = (lat > -0.000005 && lat < 0.000005) ? 0.0 : lat;
        c->lon = (lon > -0.000005 && lon < 0.000005) ? 0.0 : lon;
        c->population = pop;

        Country *k = g_hash_table_lookup(countries, c->cc);
        if (!k) {
            /* A code iso-codes does not know (XK Kosovo): add it, named by the sources. */
            const char *a3 = "", *num = "";
            for (size_t j = 0; j < G_N_ELEMENTS(extra_codes); j++)
                if (strcmp(extra_codes[j].alpha2, c->cc) == 0) {
                    a3 = extra_codes[j].alpha3;
                    num = extra_codes[j].numeric;
                }
            k = g_new0(Country, 1);
            k->alpha2 = g_strdup(c->cc);
            k->alpha3 = g_strdup(a3);
            k->numeric = g_strdup(num);
            k->name_en = clean(cname);
            const char *kru = mo_get(&geo_mo, c->cc);
            k->name_ru = clean(kru ? kru : cname);
            k->continent = -1;
            g_hash_table_insert(countries, k->alpha2, k);
            g_ptr_array_add(country_list, k);
            fprintf(stderr, "gazetteer: note: country %s (%s) is not in iso-codes; added from "
                            "libgeonames\n", k->alpha2, k->name_en);
        }
        int cont = zone_continent(c->tz, c->cc);
        if (cont >= 0)
            k->votes[cont] += (double)pop + 1.0;
        else
            fprintf(stderr, "gazetteer: note: zone %s of city %s has no continent\n", c->tz, id);
        k->n_cities++;
        geonames_city_free(gc);
    }

    /* continents */
    guint n_countries = country_list->len;
    Country **clist = (Country **)country_list->pdata;
    for (guint i = 0; i < n_countries; i++) {
        Country *k = clist[i];
        for (size_t j = 0; j < G_N_ELEMENTS(continent_override); j++)
            if (strcmp(k->alpha2, continent_override[j].cc) == 0)
                k->continent = continent_override[j].continent;
        if (k->continent < 0) {
            double best = 0.0;
            for (int j = 0; j < N_CONTINENTS; j++)
                if (k->votes[j] > best) {
                    best = k->votes[j];
                    k->continent = j;
                }
        }
        if (k->continent < 0) {
            const char *z = g_hash_table_lookup(first_zone, k->alpha2);
            if (z)
                k->continent = zone_continent(z, k->alpha2);
        }
        if (k->continent < 0)
            die("no continent for country %s (%s): extend the rule", k->alpha2, k->name_en);
    }
    qsort(clist, n_countries, sizeof *clist, cmp_country);
    qsort(cities, n_cities, sizeof *cities, cmp_city);

    char *tmp, *final;
    FILE *f = open_out(outdir, "countries.tsv", &tmp, &final);
    for (guint i = 0; i < n_countries; i++) {
        Country *k = clist[i];
        fprintf(f, "%s\t%s\t%s\t%s\t%s\t%s\n", k->alpha2, k->alpha3, k->numeric, k->name_en,
                k->name_ru, continent_names[k->continent]);
    }
    close_out(f, tmp, final);

    f = open_out(outdir, "cities.tsv", &tmp, &final);
    for (size_t i = 0; i < n_cities; i++) {
        City *c = &cities[i];
        fprintf(f, "%s\t%s\t%s\t%s\t%s\t%.5f\t%.5f\t%s\t%" PRIu32 "\n", c->id_str, c->name_en,
                c->name_ru, c->cc, c->admin1, c->lat, c->lon, c->tz, (uint32_t)c->population);
    }
    close_out(f, tmp, final);

    fprintf(stderr, "gazetteer: wrote %u countries and %zu cities (%zu with Russian names) to %s\n",
            n_countries, n_cities, n_ru, outdir);
    return 0;
}
