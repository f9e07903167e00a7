/* A tenant's settings for projects (size thresholds, warning rules) and recomputing every project's warning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "store/project_rows.h"
#include "store/project_warnings.h"
#include "base/banned.h"

struct settings_ctx {
    int64_t tenant;
    int year;
    struct size_classes *sizes;
    struct warning_rules *rules;
    const struct actor *who;
    struct warning_counts *counts;
};

static int read_sizes(struct db *db, void *ctx, struct error *e)
{
    struct settings_ctx *c = ctx;
    return project_size_classes(db, c->tenant, c->sizes, e);
}

int store_size_classes_get(struct store *st, int64_t tenant, struct size_classes *out, struct error *e)
{
    struct settings_ctx c = {.tenant = tenant, .sizes = out};
    return db_read(st->db, read_sizes, &c, e);
}

static int read_rules(struct db *db, void *ctx, struct error *e)
{
    struct settings_ctx *c = ctx;
    return project_warning_rules(db, c->tenant, c->year, c->rules, e);
}

int store_warning_rules_get(struct store *st, int64_t tenant, int year, struct warning_rules *out,
                            struct error *e)
{
    struct settings_ctx c = {.tenant = tenant, .year = year, .rules = out};
    return db_read(st->db, read_rules, &c, e);
}

static void sizes_text(const struct size_classes *s, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%lld", i ? "," : "", (long long)s->threshold[i]);
}

static int set_sizes(struct db *db, void *ctx, struct error *e)
{
    struct settings_ctx *c = ctx;
    struct size_classes before;
    if (project_size_classes(db, c->tenant, &before, e) != 0)
        return -1;
    char old_text[256], new_text[256], now[32];
    sizes_text(&before, old_text, sizeof(old_text));
    sizes_text(c->sizes, new_text, sizeof(new_text));
    date_now_iso(now, sizeof(now));
    struct db_stmt *s = db_prepare(db,
                                   "INSERT INTO project_settings (tenant_id, size_thresholds, updated_at)"
                                   " VALUES (?1, ?2, ?3) ON CONFLICT (tenant_id) DO UPDATE SET"
                                   " size_thresholds = ?2, updated_at = ?3",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_text(s, 2, new_text);
    db_bind_text(s, 3, now);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    /* every project's class in one statement; thresholds past the last are never reached */
    s = db_prepare(db,
                   "UPDATE projects SET size_class = CASE WHEN total_investment >= ?9 THEN 8"
                   " WHEN total_investment >= ?8 THEN 7 WHEN total_investment >= ?7 THEN 6"
                   " WHEN total_investment >= ?6 THEN 5 WHEN total_investment >= ?5 THEN 4"
                   " WHEN total_investment >= ?4 THEN 3 WHEN total_investment >= ?3 THEN 2"
                   " WHEN total_investment >= ?2 THEN 1 ELSE 0 END WHERE tenant_id = ?1",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    for (size_t i = 0; i < SIZE_THRESHOLDS_MAX; i++)
        db_bind_int64(s, (int)i + 2, i < c->sizes->n ? c->sizes->threshold[i] : INT64_MAX);
    rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "size_thresholds", old_text, new_text);
    const char *changes = changes_finish(&ch);
    rc = changes ? audit_append(db, c->tenant, c->who, "update", "project_settings", 0, changes, e)
                 : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

int store_size_classes_set(struct store *st, int64_t tenant, const struct size_classes *in,
                           const struct actor *who, struct error *e)
{
    struct size_classes sizes = *in;
    struct settings_ctx c = {.tenant = tenant, .sizes = &sizes, .who = who};
    return db_write_tenant(st->db, tenant, set_sizes, &c, e);
}

static int set_rules(struct db *db, void *ctx, struct error *e)
{
    struct settings_ctx *c = ctx;
    struct warning_rules before;
    if (project_warning_rules(db, c->tenant, c->year, &before, e) != 0)
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s =
        db_prepare(db,
                   "INSERT INTO warning_rules (tenant_id, year, milestone_red_days, invest_red_pct,"
                   " invest_yellow_pct, invest_from_month, problem_red_days, updated_at)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (tenant_id, year) DO UPDATE SET"
                   " milestone_red_days = ?3, invest_red_pct = ?4, invest_yellow_pct = ?5,"
                   " invest_from_month = ?6, problem_red_days = ?7, updated_at = ?8",
                   e);
    if (!s)
        return -1;
    const struct warning_rules *r = c->rules;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->year);
    db_bind_int64(s, 3, r->milestone_red_days);
    db_bind_int64(s, 4, r->invest_red_pct);
    db_bind_int64(s, 5, r->invest_yellow_pct);
    db_bind_int64(s, 6, r->invest_from_month);
    db_bind_int64(s, 7, r->problem_red_days);
    db_bind_text(s, 8, now);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_int(&ch, "year", true, 0, false, c->year);
    changes_int(&ch, "milestone_red_days", false, before.milestone_red_days, false, r->milestone_red_days);
    changes_int(&ch, "invest_red_pct", false, before.invest_red_pct, false, r->invest_red_pct);
    changes_int(&ch, "invest_yellow_pct", false, before.invest_yellow_pct, false, r->invest_yellow_pct);
    changes_int(&ch, "invest_from_month", false, before.invest_from_month, false, r->invest_from_month);
    changes_int(&ch, "problem_red_days", false, before.problem_red_days, false, r->problem_red_days);
    const char *changes = changes_finish(&ch);
    rc = changes ? audit_append(db, c->tenant, c->who, "update", "warning_rules", c->year, changes, e)
                 : store_no_memory(e);
    strbuf_release(&ch.sb);
    if (rc != 0)
        return -1;
    if (c->year != date_from_days(date_today()).year)
        return 0;
    return warnings_recompute_all(db, c->tenant, c->counts, e);
}

int store_warning_rules_set(struct store *st, int64_t tenant, int year, const struct warning_rules *in,
                            const struct actor *who, struct error *e)
{
    struct warning_rules rules = *in;
    struct warning_counts counts;
    struct settings_ctx c = {.tenant = tenant, .year = year, .rules = &rules, .who = who, .counts = &counts};
    return db_write_tenant(st->db, tenant, set_rules, &c, e);
}

static int recompute(struct db *db, void *ctx, struct error *e)
{
    struct settings_ctx *c = ctx;
    return warnings_recompute_all(db, c->tenant, c->counts, e);
}

int store_warnings_recompute(struct store *st, int64_t tenant, struct warning_counts *out, struct error *e)
{
    struct settings_ctx c = {.tenant = tenant, .counts = out};
    return db_write_tenant(st->db, tenant, recompute, &c, e);
}

struct daily_ctx {
    int64_t tenant;
    bool stale, recomputed;
};

static int read_stale(struct db *db, struct daily_ctx *c, struct error *e)
{
    char today[11];
    date_format_iso(date_from_days(date_today()), today);
    struct db_stmt *s = db_prepare(db, "SELECT warnings_on FROM project_settings WHERE tenant_id = ?1", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    int rc = db_step(s, e);
    const char *on = rc == 1 ? db_column_text(s, 0, NULL) : NULL;
    c->stale = !on || strcmp(on, today) != 0;
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int check_daily(struct db *db, void *ctx, struct error *e)
{
    return read_stale(db, ctx, e);
}

static int recompute_if_stale(struct db *db, void *ctx, struct error *e)
{
    struct daily_ctx *c = ctx;
    struct warning_counts counts;
    if (read_stale(db, c, e) != 0)
        return -1;
    if (!c->stale) /* another server of the city did it meanwhile */
        return 0;
    c->recomputed = true;
    return warnings_recompute_all(db, c->tenant, &counts, e);
}

int store_warnings_daily(struct store *st, int64_t tenant, bool *recomputed, struct error *e)
{
    struct daily_ctx c = {.tenant = tenant};
    *recomputed = false;
    if (db_read(st->db, check_daily, &c, e) != 0)
        return -1;
    if (c.stale && db_write_tenant(st->db, tenant, recompute_if_stale, &c, e) != 0)
        return -1;
    *recomputed = c.recomputed;
    return 0;
}
