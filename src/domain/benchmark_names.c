/* The API names of benchmarking's enumerations; see benchmark.h. */
#include <string.h>

#include "domain/benchmark.h"
#include "domain/field.h"
#include "base/banned.h"

static const char *const direction_names[] = {"higher", "lower"};
static const char *const kind_names[] = {"stock", "flow", "ratio"};
static const char *const status_names[BM_STATUS_COUNT] = {"ok", "missing", "zero_base", "negative",
                                                          "not_applicable", "out_of_range"};
static const char *const figure_names[BM_FIG_COUNT] = {"rank", "gap_first", "gap_above", "change",
                                                       "growth", "cagr", "share"};
static const char *const pass_names[] = {"ahead", "year", "beyond", "never"};
static const char *const goal_state_names[] = {"achieved", "on_track", "behind", "unknown"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *bm_direction_name(enum bm_direction d)
{
    return (unsigned)d < COUNT(direction_names) ? direction_names[d] : "higher";
}

int bm_direction_parse(const char *s, enum bm_direction *out)
{
    int i = field_name_index(direction_names, COUNT(direction_names), s, strlen(s));
    if (i < 0)
        return -1;
    *out = (enum bm_direction)i;
    return 0;
}

const char *bm_kind_name(enum bm_kind k)
{
    return (unsigned)k < COUNT(kind_names) ? kind_names[k] : "stock";
}

int bm_kind_parse(const char *s, enum bm_kind *out)
{
    int i = field_name_index(kind_names, COUNT(kind_names), s, strlen(s));
    if (i < 0)
        return -1;
    *out = (enum bm_kind)i;
    return 0;
}

const char *bm_status_name(enum bm_status s)
{
    return (unsigned)s < BM_STATUS_COUNT ? status_names[s] : "ok";
}

const char *bm_figure_name(enum bm_figure f)
{
    return (unsigned)f < BM_FIG_COUNT ? figure_names[f] : "rank";
}

const char *bm_pass_name(enum bm_pass p)
{
    return (unsigned)p < COUNT(pass_names) ? pass_names[p] : "never";
}

const char *bm_goal_state_name(enum bm_goal_state s)
{
    return (unsigned)s < COUNT(goal_state_names) ? goal_state_names[s] : "unknown";
}
