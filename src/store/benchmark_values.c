/*
 * Benchmarking's values (see store_benchmark.h): listed, put in batches all or nothing, and read
 * as a dense matrix for the comparisons. The matrix reads one range of bm_values' key per
 * indicator (indicator, quarter, years; every city, or up to 64 chosen ones named in it) and places
 * each row by a binary search of its city among the columns: 3,000 cities × 20 years of an
 * indicator is one pass, never a query per city.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/decimal.h"
#include "store/store_benchmark_internal.h"
#include "base/banned.h"

#define BM_SOURCE_MAX 200
#define BM_VALUE_NOTE_MAX 500
#define MATRIX_LISTED_MAX 64       /* cities chosen up to this many are named in the query */
#define MATRIX_YEARS_LISTED_MAX 32 /* and, with them, years up to this many */
#define BM_MATRIX_CELLS_MAX                                                                                  \
    ((size_t)64 << 20) /* 1 GiB of cells: a request beyond is refused, not attempted */

/* ---- list */

struct values_ctx {
    int64_t tenant;
    const struct actor *who;
    const struct bm_values_filter *f;
    size_t limit;
    const struct bm_value *in;
    size_t n_in, written;
    const char *what;
    struct arena *a;
    struct bm_value *items;
    size_t n;
    bool more;
};

static int list_values(struct db *db, void *ctx, struct error *e)
{
    struct values_ctx *c = ctx;
    const struct bm_values_filter *f = c->f;
    /* each condition is either the column's or its parameter's harmless twin, so that both bind every
     * parameter */
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(
        &sql,
        "SELECT indicator_id, city_id, year, quarter, value, source, note, iso(updated_at) FROM bm_values"
        " WHERE tenant_id = ?1");
    strbuf_addstr(&sql, f->indicator_id ? " AND indicator_id = ?2" : " AND ?2 = 0");
    strbuf_addstr(&sql, f->city_id ? " AND city_id = ?3" : " AND ?3 = 0");
    strbuf_addstr(&sql, f->year_from ? " AND year >= ?4" : " AND ?4 = 0");
    strbuf_addstr(&sql, f->year_to ? " AND year <= ?5" : " AND ?5 = 0");
    strbuf_addstr(&sql, f->quarter >= 0 ? " AND quarter = ?6" : " AND ?6 < 0");
    strbuf_addstr(&sql, " ORDER BY indicator_id, city_id, year, quarter LIMIT ?7");
    struct db_stmt *s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
    bool failed = sql.failed;
    strbuf_release(&sql);
    if (!s)
        return failed ? store_no_memory(e) : -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, f->indicator_id);
    db_bind_int64(s, 3, f->city_id);
    db_bind_int64(s, 4, f->year_from);
    db_bind_int64(s, 5, f->year_to);
    db_bind_int64(s, 6, f->quarter);
    db_bind_int64(s, 7, c->limit ? (int64_t)c->limit + 1 : INT64_MAX);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        if (c->limit && c->n == c->limit) {
            c->more = true;
            break;
        }
        struct bm_value *grown = arena_grow(c->a, c->items, c->n, &cap, sizeof(*grown));
        if (!grown) {
            db_reset(s);
            return store_no_memory(e);
        }
        c->items = grown;
        struct bm_value *v = &grown[c->n++];
        *v = (struct bm_value){.indicator_id = db_column_int64(s, 0),
                               .city_id = db_column_int64(s, 1),
                               .year = (int)db_column_int64(s, 2),
                               .quarter = (int)db_column_int64(s, 3),
                               .has_value = true,
                               .value = db_column_int64(s, 4),
                               .source = store_text(s, 5, c->a),
                               .note = store_text(s, 6, c->a),
                               .updated_at = store_text(s, 7, c->a)};
        if (!v->source || !v->note || !v->updated_at) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_bm_values_list(struct store *st, int64_t tenant, const struct bm_values_filter *f, size_t limit,
                         struct arena *a, struct bm_value **items, size_t *n, bool *more, struct error *e)
{
    struct values_ctx c = {.tenant = tenant, .f = f, .limit = limit, .a = a};
    if (db_read(st->db, list_values, &c, e) != 0)
        return -1;
    *items = c.items;
    *n = c.n;
    *more = c.more;
    return 0;
}

/* ---- ids of the tenant, sorted, for checking many items at once */

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int read_ids(struct db *db, const char *sql, int64_t tenant, struct arena *a, int64_t **ids, size_t *n,
                    struct error *e)
{
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    size_t cap = 0;
    *ids = NULL;
    *n = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        int64_t *grown = arena_grow(a, *ids, *n, &cap, sizeof(*grown));
        if (!grown) {
            db_reset(s);
            return store_no_memory(e);
        }
        *ids = grown;
        grown[(*n)++] = db_column_int64(s, 0);
    }
    db_reset(s);
    return rc < 0 ? -1 : 0; /* by the statement's ORDER BY id */
}

static bool has_id(const int64_t *ids, size_t n, int64_t id)
{
    return bsearch(&id, ids, n, sizeof(*ids), cmp_id) != NULL;
}

/* ---- put */

/* The items' indices ordered by their key, to find an item given twice. */
struct keyed {
    const struct bm_value *v;
    size_t i;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    const struct bm_value *p = x->v, *q = y->v;
    if (p->indicator_id != q->indicator_id)
        return p->indicator_id < q->indicator_id ? -1 : 1;
    if (p->city_id != q->city_id)
        return p->city_id < q->city_id ? -1 : 1;
    if (p->year != q->year)
        return p->year < q->year ? -1 : 1;
    if (p->quarter != q->quarter)
        return p->quarter < q->quarter ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static int check_values(struct db *db, struct values_ctx *c, struct arena *a, struct error *e)
{
    int64_t *indicators, *cities;
    size_t n_indicators, n_cities;
    if (read_ids(db, "SELECT id FROM bm_indicators WHERE tenant_id = ?1 ORDER BY id", c->tenant, a,
                 &indicators, &n_indicators, e) != 0 ||
        read_ids(db, "SELECT id FROM bm_cities WHERE tenant_id = ?1 ORDER BY id", c->tenant, a, &cities,
                 &n_cities, e) != 0)
        return -1;
    char field[64];
    for (size_t i = 0; i < c->n_in; i++) {
        const struct bm_value *v = &c->in[i];
        if (!has_id(indicators, n_indicators, v->indicator_id)) {
            snprintf(field, sizeof(field), "values[%zu].indicator_id", i);
            return error_set(e, ERR_INVALID_VALUE, field, "第 %zu 项：对标指标 %lld 不存在",
                             "item %zu: no benchmark indicator %lld", i + 1, (long long)v->indicator_id);
        }
        if (!has_id(cities, n_cities, v->city_id)) {
            snprintf(field, sizeof(field), "values[%zu].city_id", i);
            return error_set(e, ERR_INVALID_VALUE, field, "第 %zu 项：对标城市 %lld 不存在",
                             "item %zu: no benchmark city %lld", i + 1, (long long)v->city_id);
        }
        if (v->year < BM_YEAR_MIN || v->year > BM_YEAR_MAX) {
            snprintf(field, sizeof(field), "values[%zu].year", i);
            return error_set(e, ERR_INVALID_VALUE, field, "第 %zu 项：年份应在 %d 到 %d 之间",
                             "item %zu: the year must be between %d and %d", i + 1, BM_YEAR_MIN, BM_YEAR_MAX);
        }
        if (v->quarter < 0 || v->quarter > 4) {
            snprintf(field, sizeof(field), "values[%zu].quarter", i);
            return error_set(e, ERR_INVALID_VALUE, field, "第 %zu 项：季度应为 0（全年）或 1 到 4",
                             "item %zu: the quarter is 0 (the year) or 1 to 4", i + 1);
        }
        if (v->has_value && (v->value > DEC_MAX || v->value < -DEC_MAX)) {
            snprintf(field, sizeof(field), "values[%zu].value", i);
            return error_set(e, ERR_INVALID_VALUE, field, "第 %zu 项：数值超出范围",
                             "item %zu: the value is out of range", i + 1);
        }
        snprintf(field, sizeof(field), "values[%zu].source", i);
        if (v->source && bm_check_text(field, "来源", "the source", BM_SOURCE_MAX, true, v->source, e) != 0)
            return -1;
        snprintf(field, sizeof(field), "values[%zu].note", i);
        if (v->note && bm_check_text(field, "备注", "the note", BM_VALUE_NOTE_MAX, true, v->note, e) != 0)
            return -1;
    }
    struct keyed *k = c->n_in ? arena_alloc(a, c->n_in * sizeof(*k)) : NULL;
    if (c->n_in && !k)
        return store_no_memory(e);
    for (size_t i = 0; i < c->n_in; i++)
        k[i] = (struct keyed){&c->in[i], i};
    if (c->n_in)
        qsort(k, c->n_in, sizeof(*k), cmp_keyed);
    for (size_t j = 1; j < c->n_in; j++) {
        const struct bm_value *p = k[j - 1].v, *q = k[j].v;
        if (p->indicator_id == q->indicator_id && p->city_id == q->city_id && p->year == q->year &&
            p->quarter == q->quarter) {
            snprintf(field, sizeof(field), "values[%zu].year", k[j].i);
            return error_set(e, ERR_DUPLICATE, field, "第 %zu 项与第 %zu 项是同一城市、指标和年份（季度）",
                             "item %zu is for the same city, indicator and year (quarter) as item %zu",
                             k[j].i + 1, k[j - 1].i + 1);
        }
    }
    return 0;
}

/*
 * Rows per insert: a round trip each on PostgreSQL. A batch goes in statements of PUT_ROWS, then
 * of 10, then of 1, so that three statement texts serve every batch size.
 */
#define PUT_ROWS 100

/* Inserts (or overwrites) rows values[idx[0 .. n − 1]] in one statement. */
static int insert_rows(struct db *db, struct values_ctx *c, const size_t *idx, size_t n, const char *now,
                       struct error *e)
{
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(
        &sql, "INSERT INTO bm_values (tenant_id, indicator_id, quarter, year, city_id, value, source, note,"
              " updated_at) VALUES ");
    for (size_t r = 0; r < n; r++) {
        size_t p = 3 + 7 * r;
        strbuf_addf(&sql, "%s(?1, ?%zu, ?%zu, ?%zu, ?%zu, ?%zu, ?%zu, ?%zu, ?2)", r ? ", " : "", p, p + 1,
                    p + 2, p + 3, p + 4, p + 5, p + 6);
    }
    strbuf_addstr(&sql, " ON CONFLICT (tenant_id, indicator_id, quarter, year, city_id) DO UPDATE SET"
                        " value = excluded.value, source = excluded.source, note = excluded.note,"
                        " updated_at = excluded.updated_at");
    struct db_stmt *s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
    bool failed = sql.failed;
    strbuf_release(&sql);
    if (!s)
        return failed ? store_no_memory(e) : -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_text(s, 2, now);
    for (size_t r = 0; r < n; r++) {
        const struct bm_value *v = &c->in[idx[r]];
        int p = 3 + 7 * (int)r;
        db_bind_int64(s, p, v->indicator_id);
        db_bind_int64(s, p + 1, v->quarter);
        db_bind_int64(s, p + 2, v->year);
        db_bind_int64(s, p + 3, v->city_id);
        db_bind_int64(s, p + 4, v->value);
        db_bind_text(s, p + 5, v->source ? v->source : "");
        db_bind_text(s, p + 6, v->note ? v->note : "");
    }
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int put_values(struct db *db, void *ctx, struct error *e)
{
    struct values_ctx *c = ctx;
    struct arena scratch = ARENA_INIT;
    int rc = check_values(db, c, &scratch, e);
    size_t *idx = rc == 0 ? arena_alloc(&scratch, (c->n_in + 1) * sizeof(*idx)) : NULL;
    if (rc == 0 && !idx)
        rc = store_no_memory(e);
    if (rc != 0) {
        arena_release(&scratch);
        return -1;
    }
    char now[32];
    date_now_iso(now, sizeof(now));
    int64_t written = 0, deleted = 0;
    int year_min = 0, year_max = 0;
    size_t n_idx = 0;
    for (size_t i = 0; i < c->n_in; i++) {
        const struct bm_value *v = &c->in[i];
        if (v->has_value) {
            idx[n_idx++] = i;
        } else {
            struct db_stmt *s = db_prepare(db,
                                           "DELETE FROM bm_values WHERE tenant_id = ?1 AND indicator_id = ?2"
                                           " AND quarter = ?3 AND year = ?4 AND city_id = ?5 RETURNING 1",
                                           e);
            if (!s) {
                arena_release(&scratch);
                return -1;
            }
            db_bind_int64(s, 1, c->tenant);
            db_bind_int64(s, 2, v->indicator_id);
            db_bind_int64(s, 3, v->quarter);
            db_bind_int64(s, 4, v->year);
            db_bind_int64(s, 5, v->city_id);
            rc = db_step(s, e);
            db_reset(s);
            if (rc < 0) {
                arena_release(&scratch);
                return -1;
            }
            deleted += rc == 1;
            if (rc != 1)
                continue;
        }
        year_min = year_min && year_min < v->year ? year_min : v->year;
        year_max = year_max > v->year ? year_max : v->year;
    }
    for (size_t done = 0; done < n_idx;) {
        size_t rows = n_idx - done >= PUT_ROWS ? PUT_ROWS : n_idx - done >= 10 ? 10 : 1;
        if (insert_rows(db, c, idx + done, rows, now, e) != 0) {
            arena_release(&scratch);
            return -1;
        }
        done += rows;
    }
    arena_release(&scratch);
    written = (int64_t)n_idx;
    c->written = (size_t)(written + deleted);
    struct changes ch = {STRBUF_INIT, 0};
    if (c->what && *c->what)
        changes_same_text(&ch, "what", c->what);
    changes_int(&ch, "written", true, 0, false, written);
    changes_int(&ch, "deleted", true, 0, false, deleted);
    changes_int(&ch, "year_from", true, 0, year_min == 0, year_min);
    changes_int(&ch, "year_to", true, 0, year_max == 0, year_max);
    const char *text = changes_finish(&ch);
    rc = text ? audit_append(db, c->tenant, c->who, "update", "bm_values", 0, text, e) : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

int store_bm_values_put(struct store *st, int64_t tenant, const struct actor *who,
                        const struct bm_value *values, size_t n, const char *what, size_t *written,
                        struct error *e)
{
    struct values_ctx c = {.tenant = tenant, .who = who, .in = values, .n_in = n, .what = what};
    *written = 0;
    if (db_write_tenant(st->db, tenant, put_values, &c, e) != 0)
        return -1;
    *written = c.written;
    return 0;
}

/* ---- matrix */

struct city_col {
    int64_t id;
    size_t col;
};

static int cmp_city_col(const void *a, const void *b)
{
    int64_t x = ((const struct city_col *)a)->id, y = ((const struct city_col *)b)->id;
    return (x > y) - (x < y);
}

struct matrix_ctx {
    int64_t tenant;
    const int64_t *indicator_ids, *city_ids;
    size_t n_indicators, n_cities;
    int year_from, year_to, quarter;
    struct arena *a;
    struct bm_matrix *out;
};

/* The columns: every city in list order, or the ones asked for in their order (each once). */
static int matrix_cities(struct db *db, struct matrix_ctx *c, struct city_col **map, struct error *e)
{
    struct bm_matrix *m = c->out;
    struct bm_city *all;
    size_t n_all;
    if (bm_cities_read(db, c->tenant, c->a, &all, &n_all, e) != 0)
        return -1;
    if (!c->city_ids) {
        m->cities = all;
        m->n_cities = n_all;
    } else {
        struct city_col *byid = arena_alloc(c->a, (n_all + 1) * sizeof(*byid));
        m->cities = arena_alloc(c->a, (c->n_cities + 1) * sizeof(*m->cities));
        if (!byid || !m->cities)
            return store_no_memory(e);
        for (size_t i = 0; i < n_all; i++)
            byid[i] = (struct city_col){all[i].id, i};
        qsort(byid, n_all, sizeof(*byid), cmp_city_col);
        for (size_t i = 0; i < c->n_cities; i++) {
            struct city_col key = {c->city_ids[i], 0};
            const struct city_col *hit = bsearch(&key, byid, n_all, sizeof(*byid), cmp_city_col);
            if (!hit)
                return error_set(e, ERR_NOT_FOUND, NULL, "对标城市 %lld 不存在", "no benchmark city %lld",
                                 (long long)c->city_ids[i]);
            for (size_t j = 0; j < i; j++)
                if (c->city_ids[j] == c->city_ids[i])
                    return error_set(e, ERR_INVALID_VALUE, NULL, "城市 %lld 列了两次",
                                     "city %lld is listed twice", (long long)c->city_ids[i]);
            m->cities[i] = all[hit->col];
        }
        m->n_cities = c->n_cities;
    }
    *map = arena_alloc(c->a, (m->n_cities + 1) * sizeof(**map));
    if (!*map)
        return store_no_memory(e);
    for (size_t i = 0; i < m->n_cities; i++)
        (*map)[i] = (struct city_col){m->cities[i].id, i};
    qsort(*map, m->n_cities, sizeof(**map), cmp_city_col);
    return 0;
}

static int read_matrix(struct db *db, void *ctx, struct error *e)
{
    struct matrix_ctx *c = ctx;
    struct bm_matrix *m = c->out;
    m->indicators = arena_alloc(c->a, (c->n_indicators + 1) * sizeof(*m->indicators));
    if (!m->indicators)
        return store_no_memory(e);
    for (size_t i = 0; i < c->n_indicators; i++)
        if (bm_indicator_read(db, c->tenant, c->indicator_ids[i], NULL, c->a, &m->indicators[i], e) != 0)
            return -1;
    m->n_indicators = c->n_indicators;
    struct city_col *map;
    if (matrix_cities(db, c, &map, e) != 0)
        return -1;
    size_t nc = m->n_cities, ny = m->n_years;
    if (nc && ny && m->n_indicators > BM_MATRIX_CELLS_MAX / nc / ny)
        return error_set(e, ERR_TOO_LARGE, NULL, "所选指标、城市和年份太多",
                         "too many indicators, cities and years");
    m->values = arena_calloc(c->a, (m->n_indicators * nc * ny + 1) * sizeof(*m->values));
    if (!m->values)
        return store_no_memory(e);
    if (nc == 0)
        return 0;
    /*
     * A few cities chosen: their keys are named, years and cities both in IN lists, so that the
     * read is one lookup of the key (indicator, quarter, year, city) per value instead of the
     * range of every city's rows for the years. The lists are padded with their first item to 8,
     * 16, 32 or 64 cities and 2, 4, 8, 16 or 32 years, so that a few statement texts serve every
     * count. More years than that: the years' range, only the cities' rows returned.
     */
    size_t listed = 0, years_listed = 0;
    if (c->city_ids && nc <= MATRIX_LISTED_MAX)
        for (listed = 8; listed < nc; listed *= 2)
            ;
    if (listed && ny <= MATRIX_YEARS_LISTED_MAX)
        for (years_listed = 2; years_listed < ny; years_listed *= 2)
            ;
    int first_city = years_listed ? 4 + (int)years_listed : 6;
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(&sql,
                  "SELECT city_id, year, value FROM bm_values WHERE tenant_id = ?1 AND indicator_id = ?2"
                  " AND quarter = ?3");
    for (size_t k = 0; k < years_listed; k++)
        strbuf_addf(&sql, "%s?%zu", k ? ", " : " AND year IN (", k + 4);
    strbuf_addstr(&sql, years_listed ? ")" : " AND year >= ?4 AND year <= ?5");
    for (size_t k = 0; k < listed; k++)
        strbuf_addf(&sql, "%s?%zu", k ? ", " : " AND city_id IN (", k + (size_t)first_city);
    if (listed)
        strbuf_addch(&sql, ')');
    struct db_stmt *s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
    bool failed = sql.failed;
    strbuf_release(&sql);
    if (!s)
        return failed ? store_no_memory(e) : -1;
    for (size_t i = 0; i < m->n_indicators; i++) {
        db_bind_int64(s, 1, c->tenant);
        db_bind_int64(s, 2, m->indicators[i].id);
        db_bind_int64(s, 3, c->quarter);
        for (size_t k = 0; k < years_listed; k++)
            db_bind_int64(s, (int)k + 4, c->year_from + (int)(k < ny ? k : 0));
        if (!years_listed) {
            db_bind_int64(s, 4, c->year_from);
            db_bind_int64(s, 5, c->year_to);
        }
        for (size_t k = 0; k < listed; k++)
            db_bind_int64(s, (int)k + first_city, m->cities[k < nc ? k : 0].id);
        struct bm_opt *block = &m->values[i * nc * ny];
        int rc;
        while ((rc = db_step(s, e)) == 1) {
            struct city_col key = {db_column_int64(s, 0), 0};
            const struct city_col *hit = nc == 1 ? (map[0].id == key.id ? map : NULL)
                                                 : bsearch(&key, map, nc, sizeof(*map), cmp_city_col);
            if (!hit)
                continue;
            size_t y = (size_t)(db_column_int64(s, 1) - c->year_from);
            block[hit->col * ny + y] = (struct bm_opt){db_column_int64(s, 2), true};
        }
        db_reset(s);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int store_bm_matrix(struct store *st, int64_t tenant, const int64_t *indicator_ids, size_t n_indicators,
                    const int64_t *city_ids, size_t n_cities, int year_from, int year_to, int quarter,
                    struct arena *a, struct bm_matrix *out, struct error *e)
{
    if (year_from < BM_YEAR_MIN || year_to > BM_YEAR_MAX || year_from > year_to)
        return error_set(e, ERR_INVALID_VALUE, "year", "年份应在 %d 到 %d 之间（起始不晚于终止）",
                         "years must be between %d and %d (from no later than to)", BM_YEAR_MIN, BM_YEAR_MAX);
    if (quarter < 0 || quarter > 4)
        return error_set(e, ERR_INVALID_VALUE, "quarter", "季度应为 0（全年）或 1 到 4",
                         "the quarter is 0 (the year) or 1 to 4");
    *out = (struct bm_matrix){
        .n_years = (size_t)(year_to - year_from + 1), .year_from = year_from, .quarter = quarter};
    struct matrix_ctx c = {.tenant = tenant,
                           .indicator_ids = indicator_ids,
                           .n_indicators = n_indicators,
                           .city_ids = city_ids,
                           .n_cities = n_cities,
                           .year_from = year_from,
                           .year_to = year_to,
                           .quarter = quarter,
                           .a = a,
                           .out = out};
    return db_read(st->db, read_matrix, &c, e);
}
