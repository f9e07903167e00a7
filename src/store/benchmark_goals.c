/*
 * Benchmarking's goals (see store_benchmark.h): a target value or a peer to pass by a year, and
 * the units its value is split among (fixed shares adding up to 1, weights normalised, or each
 * unit the whole target). A ratio indicator (a per-head income, a share) cannot be added up, so
 * its goal is only ever split as the same target for each unit.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/decimal.h"
#include "domain/field.h"
#include "store/store_benchmark_internal.h"
#include "base/banned.h"

#define BM_GOAL_NAME_MAX 100
#define BM_GOAL_NOTE_MAX 1000
#define BM_CAGR_YEARS_MAX 20

static const char *const split_names[] = {"shares", "weights", "same"};

const char *bm_split_name(enum bm_split s)
{
    return (unsigned)s < 3 ? split_names[s] : "weights";
}

int bm_split_parse(const char *s, enum bm_split *out)
{
    int i = field_name_index(split_names, 3, s, strlen(s));
    if (i < 0)
        return -1;
    *out = (enum bm_split)i;
    return 0;
}

#define GOAL_COLUMNS                                                                                         \
    "id, name, indicator_id, peer_city_id, year, base_year, target_value, cagr_years, split, note, "         \
    "iso(created_at),"                                                                                       \
    " iso(updated_at) FROM bm_goals"

static int read_goal_row(struct db_stmt *s, struct arena *a, struct bm_goal *g, struct error *e)
{
    enum bm_split split = BM_SPLIT_WEIGHTS;
    const char *st = db_column_text(s, 8, NULL);
    if (!st || bm_split_parse(st, &split) != 0)
        return error_set(e, ERR_INTERNAL, NULL, "对标目标数据有误", "a benchmark goal's row is corrupt");
    *g = (struct bm_goal){.id = db_column_int64(s, 0),
                          .name = store_text(s, 1, a),
                          .indicator_id = db_column_int64(s, 2),
                          .peer_city_id = db_column_is_null(s, 3) ? 0 : db_column_int64(s, 3),
                          .year = (int)db_column_int64(s, 4),
                          .base_year = (int)db_column_int64(s, 5),
                          .has_target_value = !db_column_is_null(s, 6),
                          .target_value = db_column_int64(s, 6),
                          .cagr_years = (int)db_column_int64(s, 7),
                          .split = split,
                          .note = store_text(s, 9, a),
                          .created_at = store_text(s, 10, a),
                          .updated_at = store_text(s, 11, a)};
    return g->name && g->note && g->created_at && g->updated_at ? 0 : store_no_memory(e);
}

/* The units of goal_id (0: of every goal), by goal, then their order; each row's goal id beside. */
static int read_units(struct db *db, int64_t tenant, int64_t goal_id, struct arena *a,
                      struct bm_goal_unit **units, int64_t **goals, size_t *n, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT g.goal_id, g.unit_id, u.name, g.weight FROM bm_goal_units g JOIN units u"
                   " ON u.tenant_id = g.tenant_id AND u.id = g.unit_id WHERE g.tenant_id = ?1"
                   " AND (?2 = 0 OR g.goal_id = ?2) ORDER BY g.goal_id, g.sort_order",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, goal_id);
    size_t cap = 0, cap2 = 0;
    *units = NULL;
    *goals = NULL;
    *n = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct bm_goal_unit *u = arena_grow(a, *units, *n, &cap, sizeof(*u));
        int64_t *g = u ? arena_grow(a, *goals, *n, &cap2, sizeof(*g)) : NULL;
        if (!g) {
            db_reset(s);
            return store_no_memory(e);
        }
        *units = u;
        *goals = g;
        g[*n] = db_column_int64(s, 0);
        u[*n] = (struct bm_goal_unit){db_column_int64(s, 1), store_text(s, 2, a), db_column_int64(s, 3)};
        if (!u[(*n)++].unit_name) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/* Points each goal at its run of units (units ordered by goal). */
static void attach_units(struct bm_goal *goals, size_t n_goals, struct bm_goal_unit *units, const int64_t *of,
                         size_t n)
{
    for (size_t g = 0; g < n_goals; g++) {
        size_t i = 0;
        while (i < n && of[i] != goals[g].id)
            i++;
        size_t j = i;
        while (j < n && of[j] == goals[g].id)
            j++;
        goals[g].units = i < n ? &units[i] : NULL;
        goals[g].n_units = j - i;
    }
}

static int goal_read(struct db *db, int64_t tenant, int64_t id, struct arena *a, struct bm_goal *out,
                     struct error *e)
{
    struct db_stmt *s = db_prepare(db, "SELECT " GOAL_COLUMNS " WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    int rc = db_step(s, e);
    if (rc == 1)
        rc = read_goal_row(s, a, out, e) == 0 ? 1 : -1;
    db_reset(s);
    if (rc == 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "对标目标不存在", "no such benchmark goal");
    if (rc < 0)
        return -1;
    struct bm_goal_unit *units;
    int64_t *of;
    size_t n;
    if (read_units(db, tenant, id, a, &units, &of, &n, e) != 0)
        return -1;
    attach_units(out, 1, units, of, n);
    return 0;
}

struct goals_ctx {
    int64_t tenant, id;
    const struct actor *who;
    const struct bm_goal_input *in;
    enum bm_split split;
    const struct bm_goal_unit *units;
    size_t n_units;
    struct arena *a;
    struct bm_goal *items, *out;
    size_t n;
};

static int list_goals(struct db *db, void *ctx, struct error *e)
{
    struct goals_ctx *c = ctx;
    struct db_stmt *s =
        db_prepare(db, "SELECT " GOAL_COLUMNS " WHERE tenant_id = ?1 ORDER BY year, name, id", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct bm_goal *grown = arena_grow(c->a, c->items, c->n, &cap, sizeof(*grown));
        if (!grown) {
            db_reset(s);
            return store_no_memory(e);
        }
        c->items = grown;
        if (read_goal_row(s, c->a, &grown[c->n++], e) != 0) {
            db_reset(s);
            return -1;
        }
    }
    db_reset(s);
    if (rc < 0)
        return -1;
    struct bm_goal_unit *units;
    int64_t *of;
    size_t n;
    if (read_units(db, c->tenant, 0, c->a, &units, &of, &n, e) != 0)
        return -1;
    attach_units(c->items, c->n, units, of, n);
    return 0;
}

int store_bm_goals_list(struct store *st, int64_t tenant, struct arena *a, struct bm_goal **items, size_t *n,
                        struct error *e)
{
    struct goals_ctx c = {.tenant = tenant, .a = a};
    if (db_read(st->db, list_goals, &c, e) != 0)
        return -1;
    *items = c.items;
    *n = c.n;
    return 0;
}

static int get_goal(struct db *db, void *ctx, struct error *e)
{
    struct goals_ctx *c = ctx;
    return goal_read(db, c->tenant, c->id, c->a, c->out, e);
}

int store_bm_goal_get(struct store *st, int64_t tenant, int64_t id, struct arena *a, struct bm_goal *out,
                      struct error *e)
{
    struct goals_ctx c = {.tenant = tenant, .id = id, .a = a, .out = out};
    return db_read(st->db, get_goal, &c, e);
}

/* The goal as it will be: before (NULL for a create) with the input's fields over it, checked. */
static int merge_goal(struct db *db, int64_t tenant, int64_t id, const struct bm_goal_input *in,
                      const struct bm_goal *before, struct arena *a, struct bm_goal *g, struct error *e)
{
    if (!before) {
        static const char *const required[] = {"name", "indicator_id", "year", "base_year"};
        bool has[] = {in->has_name, in->has_indicator, in->has_year, in->has_base_year};
        for (size_t i = 0; i < 4; i++)
            if (!has[i])
                return error_set(e, ERR_MISSING_FIELD, required[i], "缺少字段 %s", "%s is required",
                                 required[i]);
        *g = (struct bm_goal){.cagr_years = 5, .note = "", .split = BM_SPLIT_WEIGHTS};
    } else
        *g = *before;
    if (in->has_name) {
        if (bm_check_text("name", "目标名称", "the goal name", BM_GOAL_NAME_MAX, false, in->name, e) != 0)
            return -1;
        g->name = in->name;
    }
    if (in->has_note) {
        if (bm_check_text("note", "备注", "the note", BM_GOAL_NOTE_MAX, true, in->note ? in->note : "", e) !=
            0)
            return -1;
        g->note = in->note ? in->note : "";
    }
    if (in->has_indicator)
        g->indicator_id = in->indicator_id;
    if (in->has_year)
        g->year = in->year;
    if (in->has_base_year)
        g->base_year = in->base_year;
    if (in->has_cagr_years)
        g->cagr_years = in->cagr_years;
    bool gives_target = in->has_target_value && !in->target_value_null,
         gives_peer = in->has_peer && in->peer_city_id != 0;
    if (gives_target && gives_peer)
        return error_set(e, ERR_INVALID_VALUE, "peer_city_id", "目标值和要超过的城市只能给一个",
                         "give a target value or a peer to pass, not both");
    /* giving one clears the other: a value goal turned into a peer goal, or back */
    if (in->has_target_value || gives_peer) {
        g->has_target_value = gives_target;
        g->target_value = gives_target ? in->target_value : 0;
    }
    if (in->has_peer || gives_target)
        g->peer_city_id = gives_peer ? in->peer_city_id : 0;
    if (!g->has_target_value && !g->peer_city_id)
        return error_set(e, ERR_MISSING_FIELD, "target_value", "需要给出目标值或要超过的城市",
                         "a target value or a peer to pass is required");
    if (g->has_target_value && (g->target_value > DEC_MAX || g->target_value < -DEC_MAX))
        return error_set(e, ERR_INVALID_VALUE, "target_value", "目标值超出范围",
                         "the target value is out of range");
    if (g->year < BM_YEAR_MIN || g->year > BM_YEAR_MAX)
        return error_set(e, ERR_INVALID_VALUE, "year", "目标年份应在 %d 到 %d 之间",
                         "the target year must be between %d and %d", BM_YEAR_MIN, BM_YEAR_MAX);
    if (g->base_year < BM_YEAR_MIN || g->base_year >= g->year)
        return error_set(e, ERR_INVALID_VALUE, "base_year", "基准年应早于目标年份（%d）",
                         "the base year must be before the target year (%d)", g->year);
    if (g->cagr_years < 1 || g->cagr_years > BM_CAGR_YEARS_MAX)
        return error_set(e, ERR_INVALID_VALUE, "cagr_years", "增速的计算年数应在 1 到 %d 之间",
                         "cagr_years must be between 1 and %d", BM_CAGR_YEARS_MAX);
    struct bm_indicator ind;
    if (bm_indicator_read(db, tenant, g->indicator_id, "indicator_id", a, &ind, e) != 0)
        return -1;
    if (!before)
        g->split = ind.kind == BM_RATIO ? BM_SPLIT_SAME : BM_SPLIT_WEIGHTS;
    else if (ind.kind == BM_RATIO && g->split != BM_SPLIT_SAME && g->n_units > 0)
        return error_set(
            e, ERR_INVALID_VALUE, "indicator_id",
            "“%s”是比率指标，只能按同一目标分解，而本目标按份额或权重分解：请先把分解方式改为同一目标",
            "\"%s\" is a ratio indicator, split only as the same target for each unit, and this "
            "goal is split by shares or weights: change its split to same first",
            ind.name);
    else if (ind.kind == BM_RATIO)
        g->split = BM_SPLIT_SAME; /* no units yet: nothing else to split it by */
    if (g->peer_city_id) {
        struct bm_city peer;
        if (bm_city_read(db, tenant, g->peer_city_id, "peer_city_id", a, &peer, e) != 0)
            return -1;
        if (peer.is_self)
            return error_set(e, ERR_INVALID_VALUE, "peer_city_id", "要超过的城市不能是本市",
                             "the peer to pass cannot be this city");
    }
    struct db_stmt *s =
        db_prepare(db, "SELECT 1 FROM bm_goals WHERE tenant_id = ?1 AND id <> ?2 AND name = ?3", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    db_bind_text(s, 3, g->name);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc != 0)
        return rc < 0 ? -1
                      : error_set(e, ERR_DUPLICATE, "name", "已有名为“%s”的对标目标",
                                  "a benchmark goal named \"%s\" exists", g->name);
    return 0;
}

static void goal_changes(struct changes *ch, const struct bm_goal *b, const struct bm_goal *a)
{
    changes_text(ch, "name", b ? b->name : NULL, a ? a->name : NULL);
    changes_int(ch, "indicator_id", !b, b ? b->indicator_id : 0, !a, a ? a->indicator_id : 0);
    changes_int(ch, "year", !b, b ? b->year : 0, !a, a ? a->year : 0);
    changes_int(ch, "base_year", !b, b ? b->base_year : 0, !a, a ? a->base_year : 0);
    changes_int(ch, "target_value", !b || !b->has_target_value, b ? b->target_value : 0,
                !a || !a->has_target_value, a ? a->target_value : 0);
    changes_int(ch, "peer_city_id", !b || !b->peer_city_id, b ? b->peer_city_id : 0, !a || !a->peer_city_id,
                a ? a->peer_city_id : 0);
    changes_int(ch, "cagr_years", !b, b ? b->cagr_years : 0, !a, a ? a->cagr_years : 0);
    changes_text(ch, "split", b ? bm_split_name(b->split) : NULL, a ? bm_split_name(a->split) : NULL);
    changes_text(ch, "note", b ? b->note : NULL, a ? a->note : NULL);
}

static int log_goal(struct db *db, struct goals_ctx *c, const char *action, const struct bm_goal *before,
                    const struct bm_goal *after, struct error *e)
{
    struct changes ch = {STRBUF_INIT, 0};
    goal_changes(&ch, before, after);
    const char *text = changes_finish(&ch);
    int rc =
        text ? audit_append(db, c->tenant, c->who, action, "bm_goal", c->id, text, e) : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

static void bind_opt(struct db_stmt *s, int i, bool has, int64_t v)
{
    if (has)
        db_bind_int64(s, i, v);
    else
        db_bind_null(s, i);
}

static int write_goal(struct db *db, struct goals_ctx *c, const struct bm_goal *before, struct error *e)
{
    struct bm_goal g = {0};
    if (merge_goal(db, c->tenant, c->id, c->in, before, c->a, &g, e) != 0)
        return -1;
    if (!before && store_next_id(db, c->tenant, "bm_goals", &c->id, e) != 0)
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s = db_prepare(
        db,
        before ? "UPDATE bm_goals SET name = ?3, indicator_id = ?4, year = ?5, base_year = ?6,"
                 " target_value = ?7, peer_city_id = ?8, cagr_years = ?9, split = ?10, note = ?11,"
                 " updated_at = ?12 WHERE tenant_id = ?1 AND id = ?2"
               : "INSERT INTO bm_goals (tenant_id, id, name, indicator_id, year, base_year, target_value,"
                 " peer_city_id, cagr_years, split, note, created_at, updated_at)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_text(s, 3, g.name);
    db_bind_int64(s, 4, g.indicator_id);
    db_bind_int64(s, 5, g.year);
    db_bind_int64(s, 6, g.base_year);
    bind_opt(s, 7, g.has_target_value, g.target_value);
    bind_opt(s, 8, g.peer_city_id != 0, g.peer_city_id);
    db_bind_int64(s, 9, g.cagr_years);
    db_bind_text(s, 10, bm_split_name(g.split));
    db_bind_text(s, 11, g.note);
    db_bind_text(s, 12, now);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 || goal_read(db, c->tenant, c->id, c->a, c->out, e) != 0)
        return -1;
    return log_goal(db, c, before ? "update" : "create", before, c->out, e);
}

static int create_goal(struct db *db, void *ctx, struct error *e)
{
    return write_goal(db, ctx, NULL, e);
}

int store_bm_goal_create(struct store *st, int64_t tenant, const struct actor *who,
                         const struct bm_goal_input *in, struct arena *a, struct bm_goal *out,
                         struct error *e)
{
    struct goals_ctx c = {.tenant = tenant, .who = who, .in = in, .a = a, .out = out};
    return db_write_tenant(st->db, tenant, create_goal, &c, e);
}

static int update_goal(struct db *db, void *ctx, struct error *e)
{
    struct goals_ctx *c = ctx;
    struct bm_goal before;
    if (goal_read(db, c->tenant, c->id, c->a, &before, e) != 0)
        return -1;
    return write_goal(db, c, &before, e);
}

int store_bm_goal_update(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                         const struct bm_goal_input *in, struct arena *a, struct bm_goal *out,
                         struct error *e)
{
    struct goals_ctx c = {.tenant = tenant, .id = id, .who = who, .in = in, .a = a, .out = out};
    return db_write_tenant(st->db, tenant, update_goal, &c, e);
}

static int delete_goal(struct db *db, void *ctx, struct error *e)
{
    struct goals_ctx *c = ctx;
    struct bm_goal before;
    if (goal_read(db, c->tenant, c->id, c->a, &before, e) != 0 ||
        store_exec_ints(db, "DELETE FROM bm_goal_units WHERE tenant_id = ?1 AND goal_id = ?2", e, 2,
                        c->tenant, c->id) != 0 ||
        store_exec_ints(db, "DELETE FROM bm_goals WHERE tenant_id = ?1 AND id = ?2", e, 2, c->tenant,
                        c->id) != 0)
        return -1;
    return log_goal(db, c, "delete", &before, NULL, e);
}

int store_bm_goal_delete(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                         struct error *e)
{
    struct arena a = ARENA_INIT;
    struct goals_ctx c = {.tenant = tenant, .id = id, .who = who, .a = &a};
    int rc = db_write_tenant(st->db, tenant, delete_goal, &c, e);
    arena_release(&a);
    return rc;
}

/* ---- the split among units */

/* "name weight, name weight" for the log (names alone for the same target each). */
static void units_text(struct strbuf *sb, const struct bm_goal_unit *units, size_t n,
                       const char *const *names, enum bm_split split)
{
    char num[DEC_TEXT_MAX];
    for (size_t i = 0; i < n; i++) {
        dec_format(units[i].weight, num);
        strbuf_addf(sb, "%s%s%s%s", i ? ", " : "", names ? names[i] : units[i].unit_name,
                    split == BM_SPLIT_SAME ? "" : " ", split == BM_SPLIT_SAME ? "" : num);
    }
    if (!sb->buf)
        strbuf_addstr(sb, "");
}

static int check_units(struct db *db, struct goals_ctx *c, const struct bm_indicator *ind, const char **names,
                       struct error *e)
{
    char field[64];
    if ((unsigned)c->split > BM_SPLIT_SAME)
        return error_set(e, ERR_INVALID_VALUE, "split", "分解方式应为 shares、weights 或 same",
                         "split is shares, weights or same");
    if (ind->kind == BM_RATIO && c->split != BM_SPLIT_SAME)
        return error_set(
            e, ERR_INVALID_VALUE, "split", "“%s”是比率指标，只能按同一目标（same）分解到各单位",
            "\"%s\" is a ratio indicator: it is split only as the same target for each unit (same)",
            ind->name);
    struct db_stmt *s = db_prepare(db, "SELECT name FROM units WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    int64_t sum = 0;
    for (size_t i = 0; i < c->n_units; i++) {
        const struct bm_goal_unit *u = &c->units[i];
        snprintf(field, sizeof(field), "units[%zu].unit_id", i);
        for (size_t j = 0; j < i; j++)
            if (c->units[j].unit_id == u->unit_id)
                return error_set(e, ERR_DUPLICATE, field, "第 %zu 个单位与第 %zu 个重复",
                                 "unit %zu is the same as unit %zu", i + 1, j + 1);
        db_bind_int64(s, 1, c->tenant);
        db_bind_int64(s, 2, u->unit_id);
        int rc = db_step(s, e);
        names[i] = rc == 1 ? store_text(s, 0, c->a) : NULL;
        db_reset(s);
        if (rc < 0)
            return -1;
        if (rc == 0)
            return error_set(e, ERR_INVALID_VALUE, field, "单位 %lld 不存在", "no unit %lld",
                             (long long)u->unit_id);
        if (!names[i])
            return store_no_memory(e);
        snprintf(field, sizeof(field), "units[%zu].weight", i);
        if (c->split != BM_SPLIT_SAME && (u->weight < 0 || u->weight > DEC_MAX))
            return c->split == BM_SPLIT_SHARES
                       ? error_set(e, ERR_INVALID_VALUE, field, "份额应在 0 到 1 之间",
                                   "a share is between 0 and 1")
                       : error_set(e, ERR_INVALID_VALUE, field, "权重不能为负数",
                                   "a weight cannot be negative");
        sum += c->split == BM_SPLIT_SAME ? 0 : u->weight;
    }
    char num[DEC_TEXT_MAX];
    dec_format(sum, num);
    if (c->split == BM_SPLIT_SHARES && c->n_units && sum != DEC_SCALE)
        return error_set(e, ERR_INVALID_VALUE, "units", "各单位份额之和应恰为 1（现为 %s）",
                         "the units' shares must add up to exactly 1 (they add up to %s)", num);
    if (c->split == BM_SPLIT_WEIGHTS && c->n_units && sum <= 0)
        return error_set(e, ERR_INVALID_VALUE, "units", "各单位权重之和应大于 0",
                         "the units' weights must add up to more than 0");
    return 0;
}

static int put_units(struct db *db, void *ctx, struct error *e)
{
    struct goals_ctx *c = ctx;
    struct bm_goal before;
    struct bm_indicator ind;
    const char **names = arena_alloc(c->a, (c->n_units + 1) * sizeof(*names));
    if (!names)
        return store_no_memory(e);
    if (goal_read(db, c->tenant, c->id, c->a, &before, e) != 0 ||
        bm_indicator_read(db, c->tenant, before.indicator_id, NULL, c->a, &ind, e) != 0 ||
        check_units(db, c, &ind, names, e) != 0 ||
        store_exec_ints(db, "DELETE FROM bm_goal_units WHERE tenant_id = ?1 AND goal_id = ?2", e, 2,
                        c->tenant, c->id) != 0)
        return -1;
    for (size_t i = 0; i < c->n_units; i++)
        if (store_exec_ints(db,
                            "INSERT INTO bm_goal_units (tenant_id, goal_id, unit_id, sort_order, weight)"
                            " VALUES (?1, ?2, ?3, ?4, ?5)",
                            e, 5, c->tenant, c->id, c->units[i].unit_id, (int64_t)i,
                            c->split == BM_SPLIT_SAME ? 0 : c->units[i].weight) != 0)
            return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s =
        db_prepare(db, "UPDATE bm_goals SET split = ?3, updated_at = ?4 WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_text(s, 3, bm_split_name(c->split));
    db_bind_text(s, 4, now);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    struct strbuf was = STRBUF_INIT, now_text = STRBUF_INIT;
    units_text(&was, before.units, before.n_units, NULL, before.split);
    units_text(&now_text, c->units, c->n_units, names, c->split);
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "split", bm_split_name(before.split), bm_split_name(c->split));
    changes_text(&ch, "units", was.buf ? was.buf : "", now_text.buf ? now_text.buf : "");
    const char *text = was.failed || now_text.failed ? NULL : changes_finish(&ch);
    rc = text ? audit_append(db, c->tenant, c->who, "update", "bm_goal", c->id, text, e) : store_no_memory(e);
    strbuf_release(&ch.sb);
    strbuf_release(&was);
    strbuf_release(&now_text);
    return rc;
}

int store_bm_goal_units_put(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                            enum bm_split split, const struct bm_goal_unit *units, size_t n, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct goals_ctx c = {
        .tenant = tenant, .id = id, .who = who, .split = split, .units = units, .n_units = n, .a = &a};
    int rc = db_write_tenant(st->db, tenant, put_units, &c, e);
    arena_release(&a);
    return rc;
}
