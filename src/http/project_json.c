/* Projects and reports as JSON; see project_json.h. */
#include "http/project_json.h"

#include <string.h>

#include "base/date.h"
#include "base/json_escape.h"
#include "domain/industry.h"
#include "base/banned.h"

static void text(struct strbuf *sb, const char *key, const char *value)
{
    strbuf_addstr(sb, key);
    if (value)
        json_escape(sb, value, strlen(value));
    else
        strbuf_add(sb, "null", 4);
}

static void integer(struct strbuf *sb, const char *key, int64_t value)
{
    strbuf_addstr(sb, key);
    strbuf_add_int(sb, value);
}

static void optional(struct strbuf *sb, const char *key, int64_t value, int64_t none)
{
    if (value == none) {
        strbuf_addstr(sb, key);
        strbuf_add(sb, "null", 4);
    } else {
        integer(sb, key, value);
    }
}

static void boolean(struct strbuf *sb, const char *key, bool value)
{
    strbuf_addstr(sb, key);
    strbuf_addstr(sb, value ? "true" : "false");
}

static void day(struct strbuf *sb, const char *key, int32_t d)
{
    strbuf_addstr(sb, key);
    if (d == DAY_NONE) {
        strbuf_add(sb, "null", 4);
        return;
    }
    char buf[11];
    date_format_iso(date_from_days(d), buf);
    strbuf_addf(sb, "\"%s\"", buf);
}

/* "|外资|沪苏对接|" as ["外资","沪苏对接"]. */
static void tags(struct strbuf *sb, const char *stored)
{
    strbuf_addstr(sb, ",\"tags\":[");
    bool first = true;
    for (const char *p = stored ? stored : ""; *p;) {
        if (*p == '|') {
            p++;
            continue;
        }
        const char *end = strchr(p, '|');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (!first)
            strbuf_addch(sb, ',');
        json_escape(sb, p, len);
        first = false;
        p += len;
    }
    strbuf_addch(sb, ']');
}

void project_write_json(struct strbuf *sb, const struct project *p, const struct size_classes *sizes,
                        const struct plan_change *plans, size_t n_plans)
{
    integer(sb, "{\"id\":", p->id);
    text(sb, ",\"code\":", p->code);
    text(sb, ",\"name\":", p->name);
    optional(sb, ",\"enterprise_id\":", p->enterprise_id, 0);
    text(sb, ",\"enterprise_name\":", p->enterprise_name);
    integer(sb, ",\"unit_id\":", p->unit_id);
    text(sb, ",\"unit_name\":", p->unit_name);
    optional(sb, ",\"carrier_id\":", p->carrier_id, 0);
    text(sb, ",\"carrier_name\":", p->carrier_name);
    text(sb, ",\"industry_code\":", p->industry_code);
    const struct industry *ind =
        p->industry_code ? industry_find(p->industry_code, strlen(p->industry_code)) : NULL;
    text(sb, ",\"industry_name\":", ind ? ind->name : NULL);
    text(sb, ",\"category\":", category_name(p->category));
    text(sb, ",\"source\":", source_name(p->source));
    tags(sb, p->tags);
    integer(sb, ",\"total_investment\":", p->total_investment);
    integer(sb, ",\"foreign_investment\":", p->foreign_investment);
    text(sb, ",\"talent_tier\":", talent_tier_name(p->talent_tier));
    boolean(sb, ",\"major_technology\":", p->major_technology);
    boolean(sb, ",\"major_industrialisation\":", p->major_industrialisation);
    boolean(sb, ",\"major_market\":", p->major_market);
    optional(sb, ",\"energy_use\":", p->energy_use, -1);
    optional(sb, ",\"land_area\":", p->land_area, -1);
    optional(sb, ",\"annual_output\":", p->annual_output, -1);
    text(sb, ",\"description\":", p->description);
    strbuf_addstr(sb, ",\"milestones\":{");
    for (int m = 0; m < MS_COUNT; m++) {
        strbuf_addf(sb, "%s\"%s\":{", m ? "," : "", milestone_name((enum milestone)m));
        day(sb, "\"planned\":", p->ms.planned[m]);
        day(sb, ",\"actual\":", p->ms.actual[m]);
        strbuf_addch(sb, '}');
    }
    strbuf_addch(sb, '}');
    text(sb, ",\"stage\":", p->stage >= 0 ? milestone_name((enum milestone)p->stage) : NULL);
    text(sb, ",\"pool\":", pool_name(p->pool));
    integer(sb, ",\"size_class\":", p->size_class);
    char label[64];
    size_class_label(sizes, p->size_class, label, sizeof(label));
    text(sb, ",\"size_label\":", label);
    if (plans) {
        strbuf_addstr(sb, ",\"plans\":{");
        for (size_t i = 0; i < n_plans; i++)
            strbuf_addf(sb, "%s\"%d\":%lld", i ? "," : "", plans[i].year, (long long)plans[i].amount);
        strbuf_addch(sb, '}');
    }
    optional(sb, ",\"year_plan\":", p->year_plan, -1);
    integer(sb, ",\"year_to_date\":", p->year_to_date);
    integer(sb, ",\"invested_total\":", p->invested_total);
    text(sb, ",\"warning\":", warning_level_name(p->warning));
    strbuf_addstr(sb, ",\"warning_reasons\":");
    strbuf_addstr(sb, p->warning_reasons ? p->warning_reasons : "[]");
    text(sb, ",\"created_at\":", p->created_at);
    text(sb, ",\"updated_at\":", p->updated_at);
    strbuf_addch(sb, '}');
}

void report_write_json(struct strbuf *sb, const struct progress_report *r)
{
    integer(sb, "{\"project_id\":", r->project_id);
    text(sb, ",\"month\":", r->month);
    integer(sb, ",\"amount\":", r->amount);
    integer(sb, ",\"cumulative\":", r->cumulative);
    integer(sb, ",\"year_to_date\":", r->year_to_date);
    text(sb, ",\"progress\":", r->progress);
    text(sb, ",\"reporter_name\":", r->reporter_name);
    text(sb, ",\"created_at\":", r->created_at);
    text(sb, ",\"updated_at\":", r->updated_at);
    strbuf_addch(sb, '}');
}
