/*
 * Benchmarking's indicator catalogue and its cities (see store_benchmark.h). The twelve built-in
 * indicators are seeded for every tenant (here for a new one, by migration 0006 for those that
 * existed); a built-in one keeps its code, unit, direction and kind, which the comparisons'
 * meaning rests on. Deleting an indicator or a city takes its values with it.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "domain/division.h"
#include "domain/field.h"
#include "domain/unit.h"
#include "store/store_benchmark_internal.h"
#include "base/banned.h"

#define BM_NAME_MAX 60
#define BM_UNIT_MAX 20
#define BM_NOTE_MAX 500
#define BM_CODE_MAX 32

static const struct {
    const char *code, *name, *unit;
    enum bm_direction direction;
    enum bm_kind kind;
    int decimals;
} builtins[] = {
    {"gdp", "地区生产总值", "亿元", BM_HIGHER, BM_FLOW, 2},
    {"budget_revenue", "一般公共预算收入", "亿元", BM_HIGHER, BM_FLOW, 2},
    {"industrial_output", "规模以上工业总产值", "亿元", BM_HIGHER, BM_FLOW, 2},
    {"trade", "进出口总额", "亿元", BM_HIGHER, BM_FLOW, 2},
    {"fdi", "实际使用外资", "亿美元", BM_HIGHER, BM_FLOW, 2},
    {"retail", "社会消费品零售总额", "亿元", BM_HIGHER, BM_FLOW, 2},
    {"fixed_investment", "固定资产投资", "亿元", BM_HIGHER, BM_FLOW, 2},
    {"urban_income", "城镇居民人均可支配收入", "元", BM_HIGHER, BM_RATIO, 2},
    {"rural_income", "农村居民人均可支配收入", "元", BM_HIGHER, BM_RATIO, 2},
    {"rd_share", "R&D 经费支出占 GDP 比重", "%", BM_HIGHER, BM_RATIO, 2},
    {"hightech_share", "高新技术产业产值占比", "%", BM_HIGHER, BM_RATIO, 2},
    {"energy_intensity", "单位 GDP 能耗", "吨标准煤/万元", BM_LOWER, BM_RATIO, 3},
};
#define N_BUILTINS (sizeof(builtins) / sizeof(builtins[0]))

int store_bm_indicators_seed(struct db *db, int64_t tenant, struct error *e)
{
    for (size_t i = 0; i < N_BUILTINS; i++) {
        int64_t id;
        if (store_next_id(db, tenant, "bm_indicators", &id, e) != 0)
            return -1;
        struct db_stmt *s = db_prepare(
            db,
            "INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals,"
            " builtin, sort_order) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9)",
            e);
        if (!s)
            return -1;
        db_bind_int64(s, 1, tenant);
        db_bind_int64(s, 2, id);
        db_bind_text(s, 3, builtins[i].code);
        db_bind_text(s, 4, builtins[i].name);
        db_bind_text(s, 5, builtins[i].unit);
        db_bind_text(s, 6, bm_direction_name(builtins[i].direction));
        db_bind_text(s, 7, bm_kind_name(builtins[i].kind));
        db_bind_int64(s, 8, builtins[i].decimals);
        db_bind_int64(s, 9, (int64_t)i + 1);
        int rc = db_step(s, e);
        db_reset(s);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int bm_check_text(const char *field, const char *zh, const char *en, size_t max, bool may_be_blank,
                  const char *s, struct error *e)
{
    struct text_limits t = {.field = field,
                            .label_zh = zh,
                            .label_en = en,
                            .max = max,
                            .may_be_blank = may_be_blank,
                            .multiline =
                                strlen(field) >= 4 && strcmp(field + strlen(field) - 4, "note") == 0};
    return field_check_text(&t, s, strlen(s), e);
}

/* ---- indicators */

#define INDICATOR_COLUMNS                                                                                    \
    "id, code, name, unit, direction, kind, decimals, builtin, sort_order, note FROM bm_indicators"

static int read_indicator(struct db_stmt *s, struct arena *a, struct bm_indicator *o, struct error *e)
{
    enum bm_direction d = BM_HIGHER;
    enum bm_kind k = BM_FLOW;
    const char *dt = db_column_text(s, 4, NULL), *kt = db_column_text(s, 5, NULL);
    if (!dt || bm_direction_parse(dt, &d) != 0 || !kt || bm_kind_parse(kt, &k) != 0)
        return error_set(e, ERR_INTERNAL, NULL, "对标指标数据有误", "a benchmark indicator's row is corrupt");
    *o = (struct bm_indicator){.id = db_column_int64(s, 0),
                               .code = store_text(s, 1, a),
                               .name = store_text(s, 2, a),
                               .unit = store_text(s, 3, a),
                               .direction = d,
                               .kind = k,
                               .decimals = (int)db_column_int64(s, 6),
                               .builtin = db_column_int64(s, 7) != 0,
                               .sort_order = (int)db_column_int64(s, 8),
                               .note = store_text(s, 9, a)};
    return o->code && o->name && o->unit && o->note ? 0 : store_no_memory(e);
}

int bm_indicator_read(struct db *db, int64_t tenant, int64_t id, const char *field, struct arena *a,
                      struct bm_indicator *out, struct error *e)
{
    struct db_stmt *s = db_prepare(db, "SELECT " INDICATOR_COLUMNS " WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    int rc = db_step(s, e);
    if (rc == 1)
        rc = read_indicator(s, a, out, e) == 0 ? 1 : -1;
    db_reset(s);
    if (rc == 0)
        return error_set(e, field ? ERR_INVALID_VALUE : ERR_NOT_FOUND, field, "对标指标 %lld 不存在",
                         "no benchmark indicator %lld", (long long)id);
    return rc < 0 ? -1 : 0;
}

struct catalogue_ctx {
    int64_t tenant, id;
    const struct actor *who;
    const struct bm_indicator_input *ind;
    const struct bm_city_input *city;
    struct arena *a;
    struct bm_indicator *indicators, *indicator;
    struct bm_city *cities, *city_out;
    size_t n;
};

static int list_indicators(struct db *db, void *ctx, struct error *e)
{
    struct catalogue_ctx *c = ctx;
    struct db_stmt *s =
        db_prepare(db, "SELECT " INDICATOR_COLUMNS " WHERE tenant_id = ?1 ORDER BY sort_order, id", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct bm_indicator *grown = arena_grow(c->a, c->indicators, c->n, &cap, sizeof(*grown));
        if (!grown) {
            db_reset(s);
            return store_no_memory(e);
        }
        c->indicators = grown;
        if (read_indicator(s, c->a, &c->indicators[c->n++], e) != 0) {
            db_reset(s);
            return -1;
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_bm_indicators_list(struct store *st, int64_t tenant, struct arena *a, struct bm_indicator **items,
                             size_t *n, struct error *e)
{
    struct catalogue_ctx c = {.tenant = tenant, .a = a};
    if (db_read(st->db, list_indicators, &c, e) != 0)
        return -1;
    *items = c.indicators;
    *n = c.n;
    return 0;
}

static int get_indicator(struct db *db, void *ctx, struct error *e)
{
    struct catalogue_ctx *c = ctx;
    return bm_indicator_read(db, c->tenant, c->id, NULL, c->a, c->indicator, e);
}

int store_bm_indicator_get(struct store *st, int64_t tenant, int64_t id, struct arena *a,
                           struct bm_indicator *out, struct error *e)
{
    struct catalogue_ctx c = {.tenant = tenant, .id = id, .a = a, .indicator = out};
    return db_read(st->db, get_indicator, &c, e);
}

static int check_code(const char *code, struct error *e)
{
    size_t len = strlen(code);
    bool ok = len >= 1 && len <= BM_CODE_MAX && code[0] >= 'a' && code[0] <= 'z';
    for (size_t i = 1; ok && i < len; i++)
        ok = (code[i] >= 'a' && code[i] <= 'z') || (code[i] >= '0' && code[i] <= '9') || code[i] == '_';
    return ok ? 0
              : error_set(e, ERR_INVALID_VALUE, "code",
                          "指标代码应为小写字母开头、由小写字母、数字和下划线组成，最长 %d 个字符",
                          "an indicator code is a lower-case letter, then lower-case letters, digits or '_', "
                          "at most %d",
                          BM_CODE_MAX);
}

/* The fields given, checked; a patch (before non-NULL) of a built-in one may not change what is fixed. */
static int check_indicator(const struct bm_indicator_input *in, const struct bm_indicator *before,
                           struct error *e)
{
    if (!before) {
        static const char *const required[] = {"code", "name", "unit", "direction", "kind"};
        bool has[] = {in->has_code, in->has_name, in->has_unit, in->has_direction, in->has_kind};
        for (size_t i = 0; i < 5; i++)
            if (!has[i])
                return error_set(e, ERR_MISSING_FIELD, required[i], "缺少字段 %s", "%s is required",
                                 required[i]);
    }
    if (before && before->builtin) {
        const char *fixed = in->has_code && strcmp(in->code, before->code) != 0       ? "code"
                            : in->has_unit && strcmp(in->unit, before->unit) != 0     ? "unit"
                            : in->has_direction && in->direction != before->direction ? "direction"
                            : in->has_kind && in->kind != before->kind                ? "kind"
                                                                                      : NULL;
        if (fixed)
            return error_set(e, ERR_INVALID_VALUE, fixed, "内置指标“%s”的代码、计量单位、方向和类型不能修改",
                             "the code, unit, direction and kind of built-in indicator \"%s\" are fixed",
                             before->name);
    }
    if (in->has_code && check_code(in->code, e) != 0)
        return -1;
    if (in->has_name &&
        bm_check_text("name", "指标名称", "the indicator name", BM_NAME_MAX, false, in->name, e) != 0)
        return -1;
    if (in->has_unit && bm_check_text("unit", "计量单位", "the unit", BM_UNIT_MAX, true, in->unit, e) != 0)
        return -1;
    if (in->has_note && bm_check_text("note", "备注", "the note", BM_NOTE_MAX, true, in->note, e) != 0)
        return -1;
    if (in->has_decimals && (in->decimals < 0 || in->decimals > BM_DECIMALS_MAX))
        return error_set(e, ERR_INVALID_VALUE, "decimals", "小数位数应在 0 到 %d 之间",
                         "decimals must be between 0 and %d", BM_DECIMALS_MAX);
    if (in->has_direction && in->direction != BM_HIGHER && in->direction != BM_LOWER)
        return error_set(e, ERR_INVALID_VALUE, "direction", "方向应为 higher 或 lower",
                         "direction is higher or lower");
    if (in->has_kind && in->kind != BM_STOCK && in->kind != BM_FLOW && in->kind != BM_RATIO)
        return error_set(e, ERR_INVALID_VALUE, "kind", "类型应为 stock、flow 或 ratio",
                         "kind is stock, flow or ratio");
    return in->has_sort_order ? unit_check_sort_order(in->sort_order, e) : 0;
}

/* code and name unique among the tenant's other indicators. */
static int check_indicator_unique(struct db *db, int64_t tenant, int64_t id, const char *code,
                                  const char *name, struct error *e)
{
    struct db_stmt *s = db_prepare(
        db,
        "SELECT CASE WHEN code = ?3 THEN 1 ELSE 0 END AS same_code FROM bm_indicators WHERE tenant_id = ?1"
        " AND id <> ?2 AND (code = ?3 OR name = ?4) ORDER BY same_code DESC LIMIT 1",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    db_bind_text(s, 3, code);
    db_bind_text(s, 4, name);
    int rc = db_step(s, e);
    bool same_code = rc == 1 && db_column_int64(s, 0) != 0;
    db_reset(s);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return 0;
    return same_code ? error_set(e, ERR_DUPLICATE, "code", "已有代码为“%s”的对标指标",
                                 "a benchmark indicator of code \"%s\" exists", code)
                     : error_set(e, ERR_DUPLICATE, "name", "已有名为“%s”的对标指标",
                                 "a benchmark indicator named \"%s\" exists", name);
}

static void indicator_changes(struct changes *ch, const struct bm_indicator *b, const struct bm_indicator *a)
{
    changes_text(ch, "code", b ? b->code : NULL, a ? a->code : NULL);
    changes_text(ch, "name", b ? b->name : NULL, a ? a->name : NULL);
    changes_text(ch, "unit", b ? b->unit : NULL, a ? a->unit : NULL);
    changes_text(ch, "direction", b ? bm_direction_name(b->direction) : NULL,
                 a ? bm_direction_name(a->direction) : NULL);
    changes_text(ch, "kind", b ? bm_kind_name(b->kind) : NULL, a ? bm_kind_name(a->kind) : NULL);
    changes_int(ch, "decimals", !b, b ? b->decimals : 0, !a, a ? a->decimals : 0);
    changes_int(ch, "sort_order", !b, b ? b->sort_order : 0, !a, a ? a->sort_order : 0);
    changes_text(ch, "note", b ? b->note : NULL, a ? a->note : NULL);
}

static int log_change(struct db *db, int64_t tenant, const struct actor *who, const char *action,
                      const char *resource, int64_t id, struct changes *ch, struct error *e)
{
    const char *text = changes_finish(ch);
    int rc = text ? audit_append(db, tenant, who, action, resource, id, text, e) : store_no_memory(e);
    strbuf_release(&ch->sb);
    return rc;
}

static int write_indicator(struct db *db, struct catalogue_ctx *c, const struct bm_indicator *before,
                           struct error *e)
{
    const struct bm_indicator_input *in = c->ind;
    if (check_indicator(in, before, e) != 0)
        return -1;
    const char *code = in->has_code ? in->code : before->code, *name = in->has_name ? in->name : before->name;
    if (check_indicator_unique(db, c->tenant, c->id, code, name, e) != 0)
        return -1;
    if (!before && store_next_id(db, c->tenant, "bm_indicators", &c->id, e) != 0)
        return -1;
    struct db_stmt *s = db_prepare(
        db,
        before ? "UPDATE bm_indicators SET code = ?3, name = ?4, unit = ?5, direction = ?6, kind = ?7,"
                 " decimals = ?8, sort_order = ?9, note = ?10 WHERE tenant_id = ?1 AND id = ?2"
               : "INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals,"
                 " sort_order, note, builtin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0)",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_text(s, 3, code);
    db_bind_text(s, 4, name);
    db_bind_text(s, 5, in->has_unit ? in->unit : before->unit);
    db_bind_text(s, 6, bm_direction_name(in->has_direction ? in->direction : before->direction));
    db_bind_text(s, 7, bm_kind_name(in->has_kind ? in->kind : before->kind));
    db_bind_int64(s, 8, in->has_decimals ? in->decimals : before ? before->decimals : 2);
    db_bind_int64(s, 9, in->has_sort_order ? in->sort_order : before ? before->sort_order : 0);
    db_bind_text(s, 10, in->has_note ? in->note : before ? before->note : "");
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 || bm_indicator_read(db, c->tenant, c->id, NULL, c->a, c->indicator, e) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    indicator_changes(&ch, before, c->indicator);
    return log_change(db, c->tenant, c->who, before ? "update" : "create", "bm_indicator", c->id, &ch, e);
}

static int create_indicator(struct db *db, void *ctx, struct error *e)
{
    return write_indicator(db, ctx, NULL, e);
}

int store_bm_indicator_create(struct store *st, int64_t tenant, const struct actor *who,
                              const struct bm_indicator_input *in, struct arena *a, struct bm_indicator *out,
                              struct error *e)
{
    struct catalogue_ctx c = {.tenant = tenant, .who = who, .ind = in, .a = a, .indicator = out};
    return db_write_tenant(st->db, tenant, create_indicator, &c, e);
}

static int update_indicator(struct db *db, void *ctx, struct error *e)
{
    struct catalogue_ctx *c = ctx;
    struct bm_indicator before;
    if (bm_indicator_read(db, c->tenant, c->id, NULL, c->a, &before, e) != 0)
        return -1;
    return write_indicator(db, c, &before, e);
}

int store_bm_indicator_update(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                              const struct bm_indicator_input *in, struct arena *a, struct bm_indicator *out,
                              struct error *e)
{
    struct catalogue_ctx c = {.tenant = tenant, .id = id, .who = who, .ind = in, .a = a, .indicator = out};
    return db_write_tenant(st->db, tenant, update_indicator, &c, e);
}

/* How many goals the statement (?1 tenant, ?2 id) counts. */
static int count_of(struct db *db, const char *sql, int64_t tenant, int64_t id, int64_t *n, struct error *e)
{
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    int rc = db_step(s, e);
    *n = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int delete_indicator(struct db *db, void *ctx, struct error *e)
{
    struct catalogue_ctx *c = ctx;
    struct bm_indicator before;
    int64_t goals;
    if (bm_indicator_read(db, c->tenant, c->id, NULL, c->a, &before, e) != 0)
        return -1;
    if (before.builtin)
        return error_set(e, ERR_INVALID_STATE, NULL, "内置指标“%s”不能删除",
                         "built-in indicator \"%s\" cannot be deleted", before.name);
    if (count_of(db, "SELECT count(*) FROM bm_goals WHERE tenant_id = ?1 AND indicator_id = ?2", c->tenant,
                 c->id, &goals, e) != 0)
        return -1;
    if (goals > 0)
        return error_set(e, ERR_IN_USE, NULL, "指标“%s”是 %lld 个对标目标的指标，不能删除",
                         "indicator \"%s\" is the indicator of %lld goals and cannot be deleted", before.name,
                         (long long)goals);
    int64_t values;
    if (count_of(db, "SELECT count(*) FROM bm_values WHERE tenant_id = ?1 AND indicator_id = ?2", c->tenant,
                 c->id, &values, e) != 0 ||
        store_exec_ints(db, "DELETE FROM bm_values WHERE tenant_id = ?1 AND indicator_id = ?2", e, 2,
                        c->tenant, c->id) != 0 ||
        store_exec_ints(db, "DELETE FROM bm_indicators WHERE tenant_id = ?1 AND id = ?2", e, 2, c->tenant,
                        c->id) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    indicator_changes(&ch, &before, NULL);
    changes_int(&ch, "values", false, values, false, 0);
    return log_change(db, c->tenant, c->who, "delete", "bm_indicator", c->id, &ch, e);
}

int store_bm_indicator_delete(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                              struct error *e)
{
    struct arena a = ARENA_INIT;
    struct catalogue_ctx c = {.tenant = tenant, .id = id, .who = who, .a = &a};
    int rc = db_write_tenant(st->db, tenant, delete_indicator, &c, e);
    arena_release(&a);
    return rc;
}

/* ---- cities */

#define CITY_COLUMNS "id, name, division_code, is_self, demo, sort_order, note FROM bm_cities"

static int read_city(struct db_stmt *s, struct arena *a, struct bm_city *o, struct error *e)
{
    *o = (struct bm_city){.id = db_column_int64(s, 0),
                          .name = store_text(s, 1, a),
                          .division_code = store_text(s, 2, a),
                          .is_self = db_column_int64(s, 3) != 0,
                          .demo = db_column_int64(s, 4) != 0,
                          .sort_order = (int)db_column_int64(s, 5),
                          .note = store_text(s, 6, a)};
    return o->name && o->division_code && o->note ? 0 : store_no_memory(e);
}

int bm_city_read(struct db *db, int64_t tenant, int64_t id, const char *field, struct arena *a,
                 struct bm_city *out, struct error *e)
{
    struct db_stmt *s = db_prepare(db, "SELECT " CITY_COLUMNS " WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    int rc = db_step(s, e);
    if (rc == 1)
        rc = read_city(s, a, out, e) == 0 ? 1 : -1;
    db_reset(s);
    if (rc == 0)
        return error_set(e, field ? ERR_INVALID_VALUE : ERR_NOT_FOUND, field, "对标城市 %lld 不存在",
                         "no benchmark city %lld", (long long)id);
    return rc < 0 ? -1 : 0;
}

int bm_cities_read(struct db *db, int64_t tenant, struct arena *a, struct bm_city **items, size_t *n,
                   struct error *e)
{
    struct db_stmt *s = db_prepare(
        db, "SELECT " CITY_COLUMNS " WHERE tenant_id = ?1 ORDER BY is_self DESC, sort_order, id", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    size_t cap = 0;
    *items = NULL;
    *n = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct bm_city *grown = arena_grow(a, *items, *n, &cap, sizeof(*grown));
        if (!grown) {
            db_reset(s);
            return store_no_memory(e);
        }
        *items = grown;
        if (read_city(s, a, &grown[(*n)++], e) != 0) {
            db_reset(s);
            return -1;
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int list_cities(struct db *db, void *ctx, struct error *e)
{
    struct catalogue_ctx *c = ctx;
    return bm_cities_read(db, c->tenant, c->a, &c->cities, &c->n, e);
}

int store_bm_cities_list(struct store *st, int64_t tenant, struct arena *a, struct bm_city **items, size_t *n,
                         struct error *e)
{
    struct catalogue_ctx c = {.tenant = tenant, .a = a};
    if (db_read(st->db, list_cities, &c, e) != 0)
        return -1;
    *items = c.cities;
    *n = c.n;
    return 0;
}

static int check_city(struct db *db, int64_t tenant, int64_t id, const struct bm_city_input *in,
                      const struct bm_city *before, struct error *e)
{
    if (!before && !in->has_name)
        return error_set(e, ERR_MISSING_FIELD, "name", "缺少城市名称", "name is required");
    if (in->has_name &&
        bm_check_text("name", "城市名称", "the city name", BM_NAME_MAX, false, in->name, e) != 0)
        return -1;
    if (in->has_note && bm_check_text("note", "备注", "the note", BM_NOTE_MAX, true, in->note, e) != 0)
        return -1;
    if (in->has_division_code && in->division_code && *in->division_code &&
        division_check(in->division_code, strlen(in->division_code), e) != 0)
        return -1;
    if (in->has_sort_order && unit_check_sort_order(in->sort_order, e) != 0)
        return -1;
    const char *name = in->has_name ? in->name : before->name;
    const char *code = in->has_division_code ? (in->division_code ? in->division_code : "")
                       : before              ? before->division_code
                                             : "";
    bool is_self = in->has_is_self ? in->is_self : before && before->is_self;
    struct db_stmt *s = db_prepare(
        db,
        "SELECT CASE WHEN name = ?3 THEN 1 ELSE 0 END AS same_name,"
        " CASE WHEN division_code = CAST(?4 AS TEXT) AND division_code <> '' THEN 1 ELSE 0 END"
        " AS same_code FROM bm_cities WHERE tenant_id = ?1 AND id <> ?2 AND (name = ?3"
        " OR (division_code = CAST(?4 AS TEXT) AND division_code <> '') OR (is_self = 1 AND ?5 = 1))"
        " ORDER BY same_name DESC, same_code DESC LIMIT 1",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    db_bind_text(s, 3, name);
    db_bind_text(s, 4, code);
    db_bind_int64(s, 5, is_self);
    int rc = db_step(s, e);
    bool same_name = rc == 1 && db_column_int64(s, 0) != 0, same_code = rc == 1 && db_column_int64(s, 1) != 0;
    db_reset(s);
    if (rc <= 0)
        return rc;
    if (same_name)
        return error_set(e, ERR_DUPLICATE, "name", "已有名为“%s”的对标城市",
                         "a benchmark city named \"%s\" exists", name);
    if (same_code)
        return error_set(e, ERR_DUPLICATE, "division_code", "已有区划代码为 %s 的对标城市",
                         "a benchmark city of division code %s exists", code);
    return error_set(e, ERR_DUPLICATE, "is_self", "已有一个城市标为本市",
                     "another city is already this city");
}

static void city_changes(struct changes *ch, const struct bm_city *b, const struct bm_city *a)
{
    changes_text(ch, "name", b ? b->name : NULL, a ? a->name : NULL);
    changes_text(ch, "division_code", b ? b->division_code : NULL, a ? a->division_code : NULL);
    changes_bool(ch, "is_self", b, b && b->is_self, a, a && a->is_self);
    changes_bool(ch, "demo", b, b && b->demo, a, a && a->demo);
    changes_int(ch, "sort_order", !b, b ? b->sort_order : 0, !a, a ? a->sort_order : 0);
    changes_text(ch, "note", b ? b->note : NULL, a ? a->note : NULL);
}

static int write_city(struct db *db, struct catalogue_ctx *c, const struct bm_city *before, struct error *e)
{
    const struct bm_city_input *in = c->city;
    if (check_city(db, c->tenant, c->id, in, before, e) != 0)
        return -1;
    if (!before && store_next_id(db, c->tenant, "bm_cities", &c->id, e) != 0)
        return -1;
    struct db_stmt *s = db_prepare(
        db,
        before ? "UPDATE bm_cities SET name = ?3, division_code = ?4, is_self = ?5, sort_order = ?7,"
                 " demo = ?6, note = ?8 WHERE tenant_id = ?1 AND id = ?2"
               : "INSERT INTO bm_cities (tenant_id, id, name, division_code, is_self, demo, sort_order,"
                 " note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_text(s, 3, in->has_name ? in->name : before->name);
    db_bind_text(s, 4,
                 in->has_division_code ? (in->division_code ? in->division_code : "")
                 : before              ? before->division_code
                                       : "");
    db_bind_int64(s, 5, in->has_is_self ? in->is_self : before && before->is_self);
    db_bind_int64(s, 6, before ? before->demo : in->demo);
    db_bind_int64(s, 7, in->has_sort_order ? in->sort_order : before ? before->sort_order : 0);
    db_bind_text(s, 8, in->has_note ? in->note : before ? before->note : "");
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 || bm_city_read(db, c->tenant, c->id, NULL, c->a, c->city_out, e) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    city_changes(&ch, before, c->city_out);
    return log_change(db, c->tenant, c->who, before ? "update" : "create", "bm_city", c->id, &ch, e);
}

static int create_city(struct db *db, void *ctx, struct error *e)
{
    return write_city(db, ctx, NULL, e);
}

int store_bm_city_create(struct store *st, int64_t tenant, const struct actor *who,
                         const struct bm_city_input *in, struct arena *a, struct bm_city *out,
                         struct error *e)
{
    struct catalogue_ctx c = {.tenant = tenant, .who = who, .city = in, .a = a, .city_out = out};
    return db_write_tenant(st->db, tenant, create_city, &c, e);
}

static int update_city(struct db *db, void *ctx, struct error *e)
{
    struct catalogue_ctx *c = ctx;
    struct bm_city before;
    if (bm_city_read(db, c->tenant, c->id, NULL, c->a, &before, e) != 0)
        return -1;
    return write_city(db, c, &before, e);
}

int store_bm_city_update(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                         const struct bm_city_input *in, struct arena *a, struct bm_city *out,
                         struct error *e)
{
    struct catalogue_ctx c = {.tenant = tenant, .id = id, .who = who, .city = in, .a = a, .city_out = out};
    return db_write_tenant(st->db, tenant, update_city, &c, e);
}

static int delete_city(struct db *db, void *ctx, struct error *e)
{
    struct catalogue_ctx *c = ctx;
    struct bm_city before;
    int64_t goals, values;
    if (bm_city_read(db, c->tenant, c->id, NULL, c->a, &before, e) != 0 ||
        count_of(db, "SELECT count(*) FROM bm_goals WHERE tenant_id = ?1 AND peer_city_id = ?2", c->tenant,
                 c->id, &goals, e) != 0)
        return -1;
    if (goals > 0)
        return error_set(e, ERR_IN_USE, NULL, "城市“%s”是 %lld 个对标目标要超过的城市，不能删除",
                         "city \"%s\" is the peer of %lld goals and cannot be deleted", before.name,
                         (long long)goals);
    if (count_of(db, "SELECT count(*) FROM bm_values WHERE tenant_id = ?1 AND city_id = ?2", c->tenant, c->id,
                 &values, e) != 0 ||
        store_exec_ints(db, "DELETE FROM bm_values WHERE tenant_id = ?1 AND city_id = ?2", e, 2, c->tenant,
                        c->id) != 0 ||
        store_exec_ints(db, "DELETE FROM bm_cities WHERE tenant_id = ?1 AND id = ?2", e, 2, c->tenant,
                        c->id) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    city_changes(&ch, &before, NULL);
    changes_int(&ch, "values", false, values, false, 0);
    return log_change(db, c->tenant, c->who, "delete", "bm_city", c->id, &ch, e);
}

int store_bm_city_delete(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                         struct error *e)
{
    struct arena a = ARENA_INIT;
    struct catalogue_ctx c = {.tenant = tenant, .id = id, .who = who, .a = &a};
    int rc = db_write_tenant(st->db, tenant, delete_city, &c, e);
    arena_release(&a);
    return rc;
}
