/* Writing a project's fields; see project_fields.h. */
#include "store/project_fields.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "base/banned.h"

void project_blank(struct project *p)
{
    *p = (struct project){.energy_use = -1, .land_area = -1, .annual_output = -1, .tags = "", .description = ""};
    for (int m = 0; m < MS_COUNT; m++)
        p->ms.planned[m] = p->ms.actual[m] = DAY_NONE;
}

void project_apply_input(struct project *p, const struct project_input *in)
{
    const struct project *v = &in->v;
    for (int f = 0; f < PF_COUNT; f++) {
        if (!in->has[f])
            continue;
        switch ((enum project_field)f) {
        case PF_CODE:
            p->code = v->code;
            break;
        case PF_NAME:
            p->name = v->name;
            break;
        case PF_ENTERPRISE:
            p->enterprise_id = v->enterprise_id;
            break;
        case PF_UNIT:
            p->unit_id = v->unit_id;
            break;
        case PF_CARRIER:
            p->carrier_id = v->carrier_id;
            break;
        case PF_INDUSTRY:
            p->industry_code = v->industry_code;
            break;
        case PF_CATEGORY:
            p->category = v->category;
            break;
        case PF_SOURCE:
            p->source = v->source;
            break;
        case PF_TAGS:
            p->tags = v->tags;
            break;
        case PF_TOTAL_INVESTMENT:
            p->total_investment = v->total_investment;
            break;
        case PF_FOREIGN_INVESTMENT:
            p->foreign_investment = v->foreign_investment;
            break;
        case PF_TALENT_TIER:
            p->talent_tier = v->talent_tier;
            break;
        case PF_MAJOR_TECHNOLOGY:
            p->major_technology = v->major_technology;
            break;
        case PF_MAJOR_INDUSTRIALISATION:
            p->major_industrialisation = v->major_industrialisation;
            break;
        case PF_MAJOR_MARKET:
            p->major_market = v->major_market;
            break;
        case PF_ENERGY_USE:
            p->energy_use = v->energy_use;
            break;
        case PF_LAND_AREA:
            p->land_area = v->land_area;
            break;
        case PF_ANNUAL_OUTPUT:
            p->annual_output = v->annual_output;
            break;
        case PF_DESCRIPTION:
            p->description = v->description;
            break;
        case PF_COUNT:
            break;
        }
    }
    for (int m = 0; m < MS_COUNT; m++) {
        if (in->has_planned[m])
            p->ms.planned[m] = v->ms.planned[m];
        if (in->has_actual[m])
            p->ms.actual[m] = v->ms.actual[m];
    }
}

static void bind_opt(struct db_stmt *s, int i, int64_t v, int64_t none)
{
    if (v == none)
        db_bind_null(s, i);
    else
        db_bind_int64(s, i, v);
}

static void bind_day(struct db_stmt *s, int i, int32_t day)
{
    if (day == DAY_NONE) {
        db_bind_null(s, i);
        return;
    }
    char buf[11];
    date_format_iso(date_from_days(day), buf);
    db_bind_text(s, i, buf);
}

void project_bind_at(struct db_stmt *s, int at, int64_t tenant, int64_t id, const struct project *p, const char *now)
{
    db_bind_int64(s, at + 1, tenant);
    db_bind_int64(s, at + 2, id);
    db_bind_text(s, at + 3, p->code);
    db_bind_text(s, at + 4, p->name);
    bind_opt(s, at + 5, p->enterprise_id, 0);
    db_bind_int64(s, at + 6, p->unit_id);
    bind_opt(s, at + 7, p->carrier_id, 0);
    db_bind_text(s, at + 8, p->industry_code);
    db_bind_text(s, at + 9, category_name(p->category));
    db_bind_text(s, at + 10, source_name(p->source));
    db_bind_text(s, at + 11, p->tags ? p->tags : "");
    db_bind_int64(s, at + 12, p->total_investment);
    db_bind_int64(s, at + 13, p->foreign_investment);
    db_bind_text(s, at + 14, talent_tier_name(p->talent_tier));
    db_bind_int64(s, at + 15, p->major_technology);
    db_bind_int64(s, at + 16, p->major_industrialisation);
    db_bind_int64(s, at + 17, p->major_market);
    bind_opt(s, at + 18, p->energy_use, -1);
    bind_opt(s, at + 19, p->land_area, -1);
    bind_opt(s, at + 20, p->annual_output, -1);
    db_bind_text(s, at + 21, p->description ? p->description : "");
    for (int m = 0; m < MS_COUNT; m++) {
        bind_day(s, at + 22 + 2 * m, p->ms.planned[m]);
        bind_day(s, at + 23 + 2 * m, p->ms.actual[m]);
    }
    db_bind_int64(s, at + 36, p->stage);
    db_bind_text(s, at + 37, pool_name(p->pool));
    db_bind_int64(s, at + 38, p->size_class);
    db_bind_text(s, at + 39, now);
}

void project_derive(struct project *p, const struct size_classes *sizes)
{
    p->stage = project_stage(&p->ms);
    p->pool = project_pool_of(p->stage);
    p->size_class = size_class_of(sizes, p->total_investment);
}

static const char sql_update[] =
    "UPDATE projects SET code = ?3, name = ?4, enterprise_id = ?5, unit_id = ?6, carrier_id = ?7, "
    "industry_code = ?8, "
    "category = ?9, source = ?10, tags = ?11, total_investment = ?12, foreign_investment = ?13, talent_tier "
    "= ?14, "
    "major_technology = ?15, major_industrialisation = ?16, major_market = ?17, energy_use = ?18, land_area "
    "= ?19, "
    "annual_output = ?20, description = ?21, planned_negotiating = ?22, actual_negotiating = ?23, "
    "planned_signed = ?24, actual_signed = ?25, planned_registered = ?26, actual_registered = ?27, "
    "planned_started = ?28, actual_started = ?29, planned_completed = ?30, actual_completed = ?31, "
    "planned_production = ?32, actual_production = ?33, planned_full_capacity = ?34, actual_full_capacity = "
    "?35, "
    "stage = ?36, pool = ?37, size_class = ?38, updated_at = ?39 WHERE tenant_id = ?1 AND id = ?2";

int project_write_update(struct db *db, int64_t tenant, int64_t id, const struct project *p, struct error *e)
{
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s = db_prepare(db, sql_update, e);
    if (!s)
        return -1;
    project_bind_at(s, 0, tenant, id, p, now);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int project_apply_plans(struct db *db, int64_t tenant, int64_t id, const struct project_input *in, struct changes *c,
                        struct error *e)
{
    for (size_t i = 0; i < in->n_plans; i++) {
        const struct plan_change *pc = &in->plans[i];
        struct db_stmt *s = db_prepare(
            db, "SELECT amount FROM project_plans WHERE tenant_id = ?1 AND project_id = ?2 AND year = ?3", e);
        if (!s)
            return -1;
        db_bind_int64(s, 1, tenant);
        db_bind_int64(s, 2, id);
        db_bind_int64(s, 3, pc->year);
        int rc = db_step(s, e);
        int64_t before = rc == 1 ? db_column_int64(s, 0) : 0;
        db_reset(s);
        if (rc < 0)
            return -1;
        char field[24];
        snprintf(field, sizeof(field), "plan_%d", pc->year);
        changes_int(c, field, rc == 0, before, pc->remove, pc->amount);
        if (pc->remove)
            rc = store_exec_ints(
                db, "DELETE FROM project_plans WHERE tenant_id = ?1 AND project_id = ?2 AND year = ?3", e, 3,
                tenant, id, (int64_t)pc->year);
        else if (rc == 1)
            rc = store_exec_ints(
                db,
                "UPDATE project_plans SET amount = ?4 WHERE tenant_id = ?1 AND project_id = ?2"
                " AND year = ?3",
                e, 4, tenant, id, (int64_t)pc->year, pc->amount);
        else
            rc = store_exec_ints(
                db, "INSERT INTO project_plans (tenant_id, project_id, year, amount) VALUES (?1, ?2, ?3, ?4)",
                e, 4, tenant, id, (int64_t)pc->year, pc->amount);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static void changes_day(struct changes *c, const char *field, int32_t before, int32_t after)
{
    char b[11], a[11];
    if (before != DAY_NONE)
        date_format_iso(date_from_days(before), b);
    if (after != DAY_NONE)
        date_format_iso(date_from_days(after), a);
    changes_text(c, field, before == DAY_NONE ? NULL : b, after == DAY_NONE ? NULL : a);
}

void project_changes(const struct project *b, const struct project *n, struct changes *c)
{
    static const struct project none = {
        .energy_use = -1,
        .land_area = -1,
        .annual_output = -1,
        .ms = {{DAY_NONE, DAY_NONE, DAY_NONE, DAY_NONE, DAY_NONE, DAY_NONE, DAY_NONE},
               {DAY_NONE, DAY_NONE, DAY_NONE, DAY_NONE, DAY_NONE, DAY_NONE, DAY_NONE}}};
    bool nb = !b, nn = !n;
    if (!b)
        b = &none;
    if (!n)
        n = &none;
    changes_text(c, "code", b->code, n->code);
    changes_text(c, "name", b->name, n->name);
    changes_int(c, "enterprise_id", nb || !b->enterprise_id, b->enterprise_id, nn || !n->enterprise_id,
                n->enterprise_id);
    changes_int(c, "unit_id", nb, b->unit_id, nn, n->unit_id);
    changes_int(c, "carrier_id", nb || !b->carrier_id, b->carrier_id, nn || !n->carrier_id, n->carrier_id);
    changes_text(c, "industry_code", b->industry_code, n->industry_code);
    changes_text(c, "category", nb ? NULL : category_name(b->category),
                 nn ? NULL : category_name(n->category));
    changes_text(c, "source", nb ? NULL : source_name(b->source), nn ? NULL : source_name(n->source));
    changes_text(c, "tags", b->tags && *b->tags ? b->tags : NULL, n->tags && *n->tags ? n->tags : NULL);
    changes_int(c, "total_investment", nb, b->total_investment, nn, n->total_investment);
    changes_int(c, "foreign_investment", nb, b->foreign_investment, nn, n->foreign_investment);
    changes_text(c, "talent_tier", nb ? NULL : talent_tier_name(b->talent_tier),
                 nn ? NULL : talent_tier_name(n->talent_tier));
    changes_bool(c, "major_technology", !nb, b->major_technology, !nn, n->major_technology);
    changes_bool(c, "major_industrialisation", !nb, b->major_industrialisation, !nn, n->major_industrialisation);
    changes_bool(c, "major_market", !nb, b->major_market, !nn, n->major_market);
    changes_int(c, "energy_use", b->energy_use < 0, b->energy_use, n->energy_use < 0, n->energy_use);
    changes_int(c, "land_area", b->land_area < 0, b->land_area, n->land_area < 0, n->land_area);
    changes_int(c, "annual_output", b->annual_output < 0, b->annual_output, n->annual_output < 0,
                n->annual_output);
    changes_text(c, "description", b->description && *b->description ? b->description : NULL,
                 n->description && *n->description ? n->description : NULL);
    for (int m = 0; m < MS_COUNT; m++) {
        char field[40];
        snprintf(field, sizeof(field), "planned_%s", milestone_name((enum milestone)m));
        changes_day(c, field, b->ms.planned[m], n->ms.planned[m]);
        snprintf(field, sizeof(field), "actual_%s", milestone_name((enum milestone)m));
        changes_day(c, field, b->ms.actual[m], n->ms.actual[m]);
    }
}
