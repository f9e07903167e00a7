/* GET /api/v1/industries?q=&level=: the GB/T 4754-2017 table that enterprise and project forms pick from. */
#include <string.h>

#include "base/json_escape.h"
#include "base/utf8.h"
#include "domain/industry.h"
#include "http/handlers.h"
#include "http/input.h"
#include "base/banned.h"

#define QUERY_TEXT_MAX 100

/* The table, filtered by a substring of the code or name and by level; about 1,700 entries, so not paged. */
int handle_industries_list(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "q"}, {.name = "level"}, {.name = NULL}};
    int64_t level = 0;
    if (input_query(r, q, e) != 0 || (q[1].value && input_query_int(&q[1], 1, 4, &level, e) != 0))
        return -1;
    if (q[0].value && (q[0].len == 0 || utf8_count(q[0].value, q[0].len) > QUERY_TEXT_MAX))
        return error_set(e, ERR_BAD_QUERY, "q", "搜索文字应为 1 到 %d 个字", "q must be 1 to %d characters",
                         QUERY_TEXT_MAX);
    size_t n;
    const struct industry *all = industry_all(&n);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        const struct industry *x = &all[i];
        if ((level && x->level != level) || (q[0].value && !strstr(x->code, q[0].value) && !strstr(x->name, q[0].value)))
            continue;
        strbuf_addstr(&sb, first ? "{\"code\":" : ",{\"code\":");
        json_escape_or_null(&sb, x->code);
        strbuf_addstr(&sb, ",\"name\":");
        json_escape_or_null(&sb, x->name);
        strbuf_addstr(&sb, ",\"parent\":");
        json_escape_or_null(&sb, x->parent);
        strbuf_addf(&sb, ",\"level\":%d}", x->level);
        first = false;
    }
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}
