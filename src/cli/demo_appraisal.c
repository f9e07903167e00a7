/*
 * The demo city's appraisal: last year's performance appraisal of its towns and parks, published (its notice
 * public); this year's, open with every subject's data accepted (ready to compute and publish); and this
 * year's civilisation appraisal of towns and departments with data in every state (TOWN-01's, the demo
 * reporter's, still a draft). Scores of investment and projects come from the demo's own project library. A
 * fixed seed makes the same data on every machine; everything goes in through the store's own writes.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/decimal.h"
#include "cli/cli.h"
#include "http/appraisal_json.h"
#include "base/banned.h"

#define YI 10000000000LL /* fen in 1 亿元 */
#define PTS(x) ((int64_t)(x)*100)
#define DEC(x) ((int64_t)(x)*DEC_SCALE)

static uint64_t rng_state = 0x7a3d1c9be2f45601ULL;

static unsigned pick(unsigned n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (unsigned)((rng_state * 0x2545F4914F6CDD1DULL) >> 33) % n;
}

/* A leaf (or another node) of a scheme's tree, as the demo writes it. */
struct node {
    int parent; /* index in the scheme's list, -1: a root */
    const char *name;
    enum appr_node_kind kind;
    enum appr_method method;
    enum appr_direction direction;
    int full_marks;
    enum appr_source source;
    enum appr_veto veto;
};

static const struct node performance[] = {
    {-1, "经济发展", APPR_NODE, 0, 0, 0, 0, 0},
    {0, "固定资产投资完成率", APPR_LEAF, APPR_RATIO, APPR_HIGHER, 15, APPR_SOURCE_INVEST_COMPLETION, 0},
    {0, "新开工亿元以上项目", APPR_LEAF, APPR_RANK, APPR_HIGHER, 10, APPR_SOURCE_STARTED_COUNT, 0},
    {0, "新签约外资", APPR_LEAF, APPR_EFFICACY, APPR_HIGHER, 8, APPR_SOURCE_FOREIGN_SIGNED, 0},
    {0, "新开工亿元以上项目总投资", APPR_LEAF, APPR_EFFICACY, APPR_HIGHER, 7, APPR_SOURCE_STARTED_AMOUNT, 0},
    {-1, "营商环境", APPR_NODE, 0, 0, 0, 0, 0},
    {5, "企业满意度测评", APPR_LEAF, APPR_SURVEY, APPR_HIGHER, 25, 0, 0},
    {-1, "重点工作", APPR_NODE, 0, 0, 0, 0, 0},
    {7, "重点任务完成率", APPR_LEAF, APPR_RATIO, APPR_HIGHER, 20, 0, 0},
    {7, "安全生产目标", APPR_LEAF, APPR_CHECK, APPR_HIGHER, 15, 0, 0},
    {-1, "创新举措加分", APPR_BONUS, 0, 0, 0, 0, 0},
    {-1, "督查通报扣分", APPR_DEDUCTION, 0, 0, 0, 0, 0},
    {-1, "重大安全生产事故", APPR_VETO_ITEM, 0, 0, 0, 0, APPR_VETO_LOWEST},
    {-1, "违反廉政建设规定", APPR_VETO_ITEM, 0, 0, 0, 0, APPR_VETO_BAR_TOP},
};

static const struct node civilisation[] = {
    {-1, "文明创建", APPR_NODE, 0, 0, 0, 0, 0},
    {0, "文明创建群众测评", APPR_LEAF, APPR_SURVEY, APPR_HIGHER, 40, 0, 0},
    {0, "志愿服务活动完成率", APPR_LEAF, APPR_RATIO, APPR_HIGHER, 30, 0, 0},
    {-1, "文明实践阵地达标", APPR_LEAF, APPR_CHECK, APPR_HIGHER, 30, 0, 0},
    {-1, "负面舆情扣分", APPR_DEDUCTION, 0, 0, 0, 0, 0},
    {-1, "严重失德事件", APPR_VETO_ITEM, 0, 0, 0, 0, APPR_VETO_BAR_TOP},
};

struct scheme_plan {
    int year;
    const char *kind, *name, *title;
    const struct node *nodes;
    size_t n_nodes;
    const char *const *group_names;
    size_t n_groups;
    const struct appr_grade_row *grades;
    size_t n_grades;
};

static const struct appr_grade_row performance_grades[] = {{"优秀", {true, PTS(90), true, 300000}},
                                                           {"良好", {true, PTS(80), false, 0}},
                                                           {"合格", {true, PTS(60), false, 0}},
                                                           {"不合格", {false, 0, false, 0}}};
static const struct appr_grade_row civilisation_grades[] = {{"先进", {true, PTS(90), true, 300000}},
                                                            {"达标", {true, PTS(70), false, 0}},
                                                            {"未达标", {false, 0, false, 0}}};

/* Which group a unit is in by its code, or -1 when it is not a subject. */
static bool top_level(const struct unit *u, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(u->code, prefix, n) == 0 && !strchr(u->code + n, '-');
}

/* Towns and parks, which carry the city's projects (subdistricts have none to be scored on). */
static int performance_group(const struct unit *u)
{
    return top_level(u, "TOWN-") ? 0 : top_level(u, "PARK-") ? 1 : -1;
}

static int civilisation_group(const struct unit *u)
{
    if (top_level(u, "TOWN-") || top_level(u, "JD-"))
        return 0;
    return u->kind == UNIT_DEPARTMENT && !u->parent_id && strcmp(u->code, "KHB") != 0 ? 1 : -1;
}

static int build(struct store *st, struct arena *a, const struct scheme_plan *p,
                 int (*group_of)(const struct unit *), const struct actor *who, int64_t *scheme,
                 struct error *e)
{
    struct appr_kind *kinds;
    size_t n_kinds;
    if (store_appr_kinds_list(st, 1, a, &kinds, &n_kinds, e) != 0)
        return -1;
    struct appr_scheme_input in = {.has_year = true,
                                   .year = p->year,
                                   .has_name = true,
                                   .name = p->name,
                                   .has_subject_type = true,
                                   .has_bonus_cap = true,
                                   .bonus_cap = PTS(5),
                                   .has_deduction_cap = true,
                                   .deduction_cap = PTS(10),
                                   .has_appeal_days = true,
                                   .appeal_days = 7,
                                   .has_issuing_office = true,
                                   .issuing_office = "澄港市绩效管理办公室",
                                   .has_notice_title = true,
                                   .notice_title = p->title,
                                   .has_kind = true};
    for (size_t i = 0; i < n_kinds; i++)
        if (strcmp(kinds[i].code, p->kind) == 0)
            in.kind_id = kinds[i].id;
    struct appr_scheme_row row;
    if (store_appr_scheme_create(st, 1, who, &in, a, &row, e) != 0)
        return -1;
    *scheme = row.id;

    struct unit_filter f = {.page = 1, .page_size = 1000};
    struct unit *units;
    size_t n_units;
    int64_t total;
    if (store_units_list(st, 1, &f, a, &units, &n_units, &total, e) != 0)
        return -1;
    struct appr_structure s = {.n_groups = p->n_groups, .n_indicators = p->n_nodes, .n_grades = p->n_grades};
    s.groups = arena_calloc(a, p->n_groups * sizeof(*s.groups));
    s.subjects = arena_calloc(a, n_units * sizeof(*s.subjects));
    s.indicators = arena_calloc(a, p->n_nodes * sizeof(*s.indicators));
    s.grades = (struct appr_grade_row *)p->grades;
    if (!s.groups || !s.subjects || !s.indicators)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (size_t g = 0; g < p->n_groups; g++)
        s.groups[g].name = p->group_names[g];
    for (size_t i = 0; i < n_units; i++) {
        int g = group_of(&units[i]);
        if (g >= 0)
            s.subjects[s.n_subjects++] =
                (struct appr_subject_row){.unit_id = units[i].id, .group_index = (size_t)g};
    }
    for (size_t i = 0; i < p->n_nodes; i++) {
        const struct node *n = &p->nodes[i];
        struct appr_indicator_row *x = &s.indicators[i];
        *x = (struct appr_indicator_row){.parent_index = n->parent,
                                         .name = n->name,
                                         .kind = n->kind,
                                         .veto_mode = n->veto,
                                         .source = n->source};
        if (n->kind != APPR_LEAF)
            continue;
        appr_leaf_init(&x->leaf, n->method, PTS(n->full_marks));
        x->leaf.direction = n->direction;
        if (n->method == APPR_RATIO && n->source == APPR_SOURCE_INVEST_COMPLETION) {
            x->leaf.cap = 1200000;
            x->leaf.has_floor = true;
            x->leaf.floor = 500000;
        }
        if (n->method == APPR_RANK)
            x->leaf.min_score = PTS(4);
        if (n->source == APPR_SOURCE_STARTED_COUNT || n->source == APPR_SOURCE_STARTED_AMOUNT)
            x->source_min = YI;
    }
    return store_appr_structure_put(st, 1, who, *scheme, &s, e) == 0 &&
                   store_appr_scheme_transition(st, 1, who, *scheme, APPR_OPEN, NULL, e) == 0
               ? 0
               : -1;
}

/* Entered data for one subject: targets and actuals, ratings, items, vetoes (rare). */
static int enter(struct store *st, struct arena *a, int64_t scheme, const struct appr_structure *s, size_t i,
                 const struct actor *who, struct error *e)
{
    struct appr_subject_data d = {0};
    d.values = arena_calloc(a, s->n_indicators * sizeof(*d.values));
    d.items = arena_calloc(a, 4 * sizeof(*d.items));
    if (!d.values || !d.items)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    unsigned strength = 60 + pick(40); /* how well this subject does, in its data */
    for (size_t k = 0; k < s->n_indicators; k++) {
        const struct appr_indicator_row *x = &s->indicators[k];
        struct appr_value_row *v = &d.values[d.n_values];
        *v = (struct appr_value_row){.indicator_id = x->id, .note = ""};
        if (x->kind == APPR_VETO_ITEM) {
            v->has_actual = true;
            v->actual = pick(150) == 0 ? DEC_SCALE : 0;
        } else if (x->kind == APPR_LEAF && x->source == APPR_SOURCE_ENTERED) {
            switch (x->leaf.method) {
            case APPR_SURVEY:
                v->has_ratings = true;
                v->n_ratings = 7;
                v->ratings = arena_alloc(a, 7 * sizeof(int64_t));
                if (!v->ratings)
                    return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
                for (size_t r = 0; r < 7; r++)
                    v->ratings[r] = DEC(68 + (strength * 22) / 100 + pick(8)) + DEC_SCALE / 2 * pick(2);
                break;
            case APPR_CHECK:
                v->has_actual = true;
                v->actual = pick(100) < 88 ? DEC_SCALE : 0;
                break;
            default:
                v->has_target = v->has_actual = true;
                v->target = DEC(100);
                v->actual = DEC(75 + (strength * 30) / 100) + DEC(pick(10)) / 10;
                break;
            }
        } else if ((x->kind == APPR_BONUS && pick(3) == 0) || (x->kind == APPR_DEDUCTION && pick(3) == 0)) {
            d.items[d.n_items++] = (struct appr_item_row){
                .indicator_id = x->id,
                .points = x->kind == APPR_BONUS ? 50 * (1 + pick(6)) : 100 * (1 + pick(4)),
                .reason = x->kind == APPR_BONUS ? "获省级改革创新案例" : "被市督查室通报"};
            continue;
        } else {
            continue;
        }
        d.n_values++;
    }
    return store_appr_data_put(st, 1, who, scheme, s->subjects[i].id, 0, true, &d, e);
}

/* Every subject's data entered, then submitted and accepted, but for those keep says to leave. */
static int fill_data(struct store *st, struct arena *a, int64_t scheme, const char *draft_unit,
                     const struct actor *who, struct error *e)
{
    size_t updated, skipped;
    struct appr_structure s;
    if (store_appr_sources_refresh(st, 1, who, scheme, &updated, &skipped, e) != 0 ||
        store_appr_structure_get(st, 1, scheme, 0, a, &s, e) != 0)
        return -1;
    struct unit_filter f = {.page = 1, .page_size = 1000};
    struct unit *units;
    size_t n_units;
    int64_t total;
    if (store_units_list(st, 1, &f, a, &units, &n_units, &total, e) != 0)
        return -1;
    for (size_t i = 0; i < s.n_subjects; i++) {
        const char *code = "";
        for (size_t u = 0; u < n_units; u++)
            if (units[u].id == s.subjects[i].unit_id)
                code = units[u].code;
        bool draft = draft_unit && strcmp(code, draft_unit) == 0;
        bool submitted_only = draft_unit && !draft && pick(5) == 0;
        if ((!draft || pick(2)) && enter(st, a, scheme, &s, i, who, e) != 0)
            return -1;
        if (draft)
            continue;
        if (store_appr_review(st, 1, who, scheme, s.subjects[i].id, 0, APPR_SUBMIT, NULL, e) != 0 ||
            (!submitted_only &&
             store_appr_review(st, 1, who, scheme, s.subjects[i].id, 0, APPR_ACCEPT, NULL, e) != 0))
            return -1;
    }
    return 0;
}

int demo_appraisal_fill(struct store *st, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct actor who = {0, "demo", "local"};
    int year = date_from_days(date_today()).year;
    static const char *const board_groups[] = {"镇组", "园区组"};
    static const char *const civic_groups[] = {"镇（街道）组", "机关部门组"};
    char names[3][96], titles[3][128];
    snprintf(names[0], sizeof(names[0]), "%d年度镇、园区绩效管理考核", year - 1);
    snprintf(titles[0], sizeof(titles[0]), "关于%d年度镇、园区绩效管理考核结果的通报", year - 1);
    snprintf(names[1], sizeof(names[1]), "%d年度镇、园区绩效管理考核", year);
    snprintf(titles[1], sizeof(titles[1]), "关于%d年度镇、园区绩效管理考核结果的通报", year);
    snprintf(names[2], sizeof(names[2]), "%d年度精神文明建设考核", year);
    snprintf(titles[2], sizeof(titles[2]), "关于%d年度精神文明建设考核结果的通报", year);
    const struct scheme_plan plans[] = {
        {year - 1, "performance", names[0], titles[0], performance,
         sizeof(performance) / sizeof(performance[0]), board_groups, 2, performance_grades, 4},
        {year, "performance", names[1], titles[1], performance, sizeof(performance) / sizeof(performance[0]),
         board_groups, 2, performance_grades, 4},
        {year, "civilisation", names[2], titles[2], civilisation,
         sizeof(civilisation) / sizeof(civilisation[0]), civic_groups, 2, civilisation_grades, 3},
    };
    int64_t ids[3];
    int version, rc = -1;
    if (store_batch_begin(st, e) != 0)
        return -1;
    for (int i = 0; i < 3; i++)
        if (build(st, &a, &plans[i], i < 2 ? performance_group : civilisation_group, &who, &ids[i], e) != 0 ||
            fill_data(st, &a, ids[i], i == 2 ? "TOWN-01" : NULL, &who, e) != 0)
            goto out;
    if (store_appr_publish(st, 1, &who, ids[0], appr_freeze, NULL, &a, &version, e) != 0)
        goto out;
    rc = 0;
out:
    if (store_batch_end(st, rc == 0, e) != 0)
        rc = -1;
    arena_release(&a);
    return rc;
}
