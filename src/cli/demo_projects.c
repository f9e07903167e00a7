/*
 * The demo city's project library: about 2,000 enterprises with valid credit codes, about 800
 * projects signed over three years with milestones that run early, on time and late, yearly
 * plans, monthly reports with a seasonal rhythm (a slack February, a strong December), and
 * problems in every state. A fixed-seed generator makes the same library on every machine; all
 * of it goes in through the store's own writes, in one transaction.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"
#include "domain/industry.h"
#include "base/banned.h"

#define ENTERPRISES 2000
#define PROJECTS 800
#define YI 10000000000LL /* fen in 1 亿元 */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned below(unsigned n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (unsigned)((rng_state * 0x2545F4914F6CDD1DULL) >> 33) % n;
}

static bool chance(unsigned percent)
{
    return below(100) < percent;
}

static const char *pick(const char *const *list, size_t n)
{
    return list[below((unsigned)n)];
}
#define PICK(list) pick((list), sizeof(list) / sizeof((list)[0]))

static const char *const name_heads[] = {"恒", "华", "新", "永", "嘉", "博", "瑞", "盛", "海", "天",
                                         "东", "沙", "港", "澄", "锦", "宏", "鼎", "协", "富", "隆"};
static const char *const name_tails[] = {"力", "泰", "通", "达", "源", "诚",
                                         "德", "鑫", "晟", "远", "丰", "创"};
static const char *const trades[] = {"精密机械", "新材料",   "智能装备", "光电科技", "汽车零部件",
                                     "生物医药", "电子科技", "纺织",     "化工",     "冶金",
                                     "物流",     "新能源",   "半导体",   "环保科技"};
static const char *const products[] = {"高端装备",   "新能源汽车零部件", "特种钢材", "功能性薄膜",
                                       "锂电池材料", "智能传感器",       "医疗器械", "集成电路封测",
                                       "光伏组件",   "氢能装备"};
static const char *const kinds[] = {"扩能项目", "智能化改造项目", "新建项目", "研发中心项目", "二期项目"};
static const char *const public_works[] = {"沿江快速路",     "港区疏港公路",   "污水处理厂提标改造",
                                           "人民医院新院区", "实验学校新校区", "城市综合管廊",
                                           "科创中心",       "人才公寓"};
static const char *const progress_texts[] = {"土建施工有序推进",       "主体结构施工中", "设备安装调试",
                                             "厂房封顶，开始内部装修", "部分产线试生产", "场地平整完成"};

static const char code_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* A credit code of an enterprise registered in the city (320582), its check character computed. */
static void credit_code(char out[CREDIT_CODE_LEN + 1])
{
    memcpy(out, "91320582", 8);
    for (int i = 8; i < 17; i++)
        out[i] = code_alphabet[below(31)];
    out[17] = credit_code_check_char(out);
    out[18] = '\0';
}

struct city {
    int64_t towns[8], parks[4], departments[32], office;
    size_t n_towns, n_parks, n_departments;
    int64_t *enterprises;
    enum ownership *ownership;
    size_t n_enterprises;
    const char **classes; /* manufacturing classes (section C) */
    size_t n_classes;
};

static int find_units(struct store *st, struct arena *a, struct city *c, struct error *e)
{
    struct unit_filter f = {.page = 1, .page_size = 1000};
    struct unit *items;
    size_t n;
    int64_t total;
    if (store_units_list(st, 1, &f, a, &items, &n, &total, e) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(items[i].code, "TOWN-", 5) == 0 && strlen(items[i].code) == 7 && c->n_towns < 8)
            c->towns[c->n_towns++] = items[i].id;
        else if (strncmp(items[i].code, "PARK-", 5) == 0 && strlen(items[i].code) == 7 && c->n_parks < 4)
            c->parks[c->n_parks++] = items[i].id;
        else if (strcmp(items[i].code, "FGW-ZDXM") == 0)
            c->office = items[i].id;
        else if (items[i].kind == UNIT_DEPARTMENT && !items[i].parent_id && c->n_departments < 32)
            c->departments[c->n_departments++] = items[i].id;
    }
    size_t n_industries;
    const struct industry *all = industry_all(&n_industries);
    c->classes = arena_alloc(a, n_industries * sizeof(*c->classes));
    if (!c->classes)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (size_t i = 0; i < n_industries; i++) {
        const struct industry *s =
            all[i].level == 4 ? industry_section(all[i].code, strlen(all[i].code)) : NULL;
        if (s && strcmp(s->code, "C") == 0)
            c->classes[c->n_classes++] = all[i].code;
    }
    return c->n_towns == 8 && c->n_parks == 4 && c->office && c->n_classes
               ? 0
               : error_set(e, ERR_INTERNAL, NULL, "演示单位不全", "the demo's units are missing");
}

static int add_enterprises(struct store *st, struct arena *a, struct city *c, const struct actor *who,
                           struct error *e)
{
    c->enterprises = arena_alloc(a, ENTERPRISES * sizeof(*c->enterprises));
    c->ownership = arena_alloc(a, ENTERPRISES * sizeof(*c->ownership));
    if (!c->enterprises || !c->ownership)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (int i = 0; i < ENTERPRISES; i++) {
        char code[CREDIT_CODE_LEN + 1], name[128];
        credit_code(code);
        unsigned o = below(100);
        enum ownership ownership = o < 80 ? OWNERSHIP_DOMESTIC : o < 95 ? OWNERSHIP_FOREIGN : OWNERSHIP_HMT;
        snprintf(name, sizeof(name), "%s%s%s%s有限公司", ownership == OWNERSHIP_DOMESTIC ? "张家港" : "澄港",
                 PICK(name_heads), PICK(name_tails), PICK(trades));
        struct enterprise_input in = {.has_credit_code = true,
                                      .has_name = true,
                                      .has_industry_code = true,
                                      .has_ownership = true,
                                      .has_park = true,
                                      .has_above_size = true,
                                      .has_leading_talent = true,
                                      .has_high_tech = true,
                                      .credit_code = code,
                                      .name = name,
                                      .industry_code = c->classes[below((unsigned)c->n_classes)],
                                      .ownership = ownership,
                                      .park_id = chance(60) ? c->parks[below(4)] : 0,
                                      .above_size = chance(40),
                                      .leading_talent = chance(5),
                                      .high_tech = chance(20)};
        struct enterprise_view v;
        if (store_enterprise_create(st, 1, &in, who, a, &v, e) != 0)
            return -1; /* a repeated code among 31^9 is not to be expected from a fixed seed */
        c->enterprises[c->n_enterprises] = v.e.id;
        c->ownership[c->n_enterprises++] = ownership;
    }
    return 0;
}

/*
 * One project's milestones: planned from its first talks, actual with the project's own pace
 * (some ahead, most a little late, a few stuck), up to today.
 */
static void plan_milestones(struct project_input *in, int32_t talks, int32_t today, int pace)
{
    static const int gaps[MS_COUNT][2] = {{0, 0},     {30, 60}, {15, 45},  {60, 150},
                                          {365, 540}, {30, 90}, {180, 300}};
    int32_t planned = talks, actual = talks;
    bool stuck = false;
    for (int m = 0; m < MS_COUNT; m++) {
        int gap = gaps[m][0] + (int)below((unsigned)(gaps[m][1] - gaps[m][0] + 1));
        planned += gap;
        int late = pace + (int)below(30) - 10;
        in->v.ms.planned[m] = planned;
        in->has_planned[m] = in->has_actual[m] = true;
        in->v.ms.actual[m] = DAY_NONE;
        if (stuck)
            continue;
        int32_t a = actual + gap + late;
        if (a < actual)
            a = actual;
        if (a > today || (pace > 60 && m >= MS_STARTED && chance(50))) {
            stuck = true; /* not reached yet, or held up */
            continue;
        }
        in->v.ms.actual[m] = actual = a;
    }
}

static int64_t investment(void)
{
    /* log-uniform from 0.3 亿 to 80 亿 元, rounded to 10 万元 */
    int64_t fen = 3 * YI / 10;
    for (unsigned steps = below(56); steps > 0; steps--)
        fen = fen * 11 / 10;
    return fen / 10000000 * 10000000;
}

struct demo_project {
    int64_t id;
    int64_t total;
    int pace;
    int32_t first_month, last_month; /* months of reports */
};

static int add_project(struct store *st, struct arena *a, struct city *c, int i, int32_t today,
                       const struct actor *who, struct demo_project *out, struct error *e)
{
    struct project_input in = {0};
    struct project *v = &in.v;
    char code[32], name[160], tags[64];
    int year = date_from_days(today).year - 2 + i * 3 / PROJECTS;
    int32_t talks = (int32_t)date_to_days((struct date){year, 1, 1}) + (int32_t)below(330);
    snprintf(code, sizeof(code), "XM%d-%04d", year, i + 1);
    unsigned cat = below(100);
    v->category = cat < 65   ? CAT_INDUSTRY
                  : cat < 80 ? CAT_INFRASTRUCTURE
                  : cat < 90 ? CAT_SOCIAL
                             : CAT_TECH_TALENT;
    size_t k = below((unsigned)c->n_enterprises);
    bool has_enterprise = v->category == CAT_INDUSTRY || v->category == CAT_TECH_TALENT;
    if (has_enterprise) {
        v->enterprise_id = c->enterprises[k];
        v->source = c->ownership[k] == OWNERSHIP_FOREIGN ? SOURCE_FOREIGN
                    : c->ownership[k] == OWNERSHIP_HMT   ? SOURCE_HMT
                                                         : SOURCE_DOMESTIC;
        snprintf(name, sizeof(name), "年产%u万套%s%s", 5 + below(95), PICK(products), PICK(kinds));
        v->industry_code = c->classes[below((unsigned)c->n_classes)];
    } else {
        v->source = SOURCE_DOMESTIC;
        snprintf(name, sizeof(name), "%s%s", PICK(public_works), chance(50) ? "工程" : "项目");
    }
    bool on_park = chance(55);
    v->unit_id = on_park ? c->parks[below(4)] : chance(80) ? c->towns[below(8)] : c->office;
    v->carrier_id = on_park ? v->unit_id : c->towns[below(8)];
    bool foreign = v->source == SOURCE_FOREIGN, shanghai = chance(20), delta = chance(10);
    snprintf(tags, sizeof(tags), "%s%s%s%s", foreign ? "|外资" : "", shanghai ? "|沪苏对接" : "",
             delta ? "|长三角合作" : "", foreign || shanghai || delta ? "|" : "");
    v->tags = arena_strndup(a, tags, strlen(tags));
    v->code = code;
    v->name = name;
    v->total_investment = investment();
    v->foreign_investment = v->source == SOURCE_FOREIGN ? v->total_investment / 7 / 100 * 100 : 0;
    if (v->category == CAT_TECH_TALENT) {
        v->talent_tier = (enum talent_tier)(1 + below(3));
        v->major_technology = chance(60);
        v->major_industrialisation = chance(40);
        v->major_market = chance(50);
        in.has[PF_TALENT_TIER] = in.has[PF_MAJOR_TECHNOLOGY] = in.has[PF_MAJOR_INDUSTRIALISATION] =
            in.has[PF_MAJOR_MARKET] = true;
    }
    v->energy_use = v->category == CAT_INDUSTRY ? (int64_t)(500 + below(20000)) : -1;
    v->land_area = (int64_t)(10000 + below(200000));
    v->annual_output = v->category == CAT_INDUSTRY ? v->total_investment * (10 + below(20)) / 10 : -1;
    for (int f = PF_CODE; f <= PF_ANNUAL_OUTPUT; f++)
        if (f != PF_TALENT_TIER && f != PF_MAJOR_TECHNOLOGY && f != PF_MAJOR_INDUSTRIALISATION &&
            f != PF_MAJOR_MARKET)
            in.has[f] = f != PF_ENTERPRISE || has_enterprise;
    int pace = chance(15)   ? -30
               : chance(70) ? (int)below(40)
                            : 60 + (int)below(120); /* ahead, a little late, stuck */
    plan_milestones(&in, talks, today, pace);
    int32_t started = v->ms.planned[MS_STARTED], completed = v->ms.planned[MS_COMPLETED];
    int first = date_from_days(started).year, last = date_from_days(completed).year;
    int64_t per_year = v->total_investment * 8 / 10 / (last - first + 1);
    for (int y = first; y <= last && in.n_plans < PROJECT_PLANS_MAX; y++)
        in.plans[in.n_plans++] = (struct plan_change){.year = y, .amount = per_year / 1000000 * 1000000};
    struct project p;
    if (store_project_create(st, 1, &in, who, a, &p, e) != 0)
        return -1;
    *out = (struct demo_project){.id = p.id,
                                 .total = v->total_investment,
                                 .pace = pace,
                                 .first_month = project_first_report_month(&p.ms),
                                 .last_month = p.ms.actual[MS_PRODUCTION] != DAY_NONE
                                                   ? month_of_day(p.ms.actual[MS_PRODUCTION])
                                                   : month_of_day(today)};
    return 0;
}

/* Monthly reports from the first month the project may report to its last, seasonal and paced. */
static int add_reports(struct store *st, struct arena *a, const struct demo_project *d,
                       const struct actor *who, struct error *e)
{
    static const int season[12] = {80,  40, 90,  100, 105, 110,
                                   100, 95, 105, 110, 115, 150}; /* % of an average month */
    if (d->first_month < 0)
        return 0;
    int64_t months = d->last_month - d->first_month + 1, spent = 0, budget = d->total * 9 / 10;
    int64_t average = budget / (months > 24 ? months : 24);
    int effort = d->pace > 60 ? 35 : d->pace < 0 ? 125 : 100;
    for (int32_t m = d->first_month; m <= d->last_month && spent < budget; m++) {
        if (d->pace > 60 && chance(30))
            continue; /* a stuck project misses reports */
        int64_t amount =
            average * season[m % 12] / 100 * (effort - 10 + (int)below(21)) / 100 / 100000 * 100000;
        if (amount > budget - spent)
            amount = budget - spent;
        char month[8];
        month_format(m, month);
        struct progress_report r;
        struct project p;
        if (store_report_put(st, 1, 0, d->id, month, amount, PICK(progress_texts), who, a, &r, &p, e) != 0)
            return -1;
        spent += amount;
    }
    return 0;
}

static const char *const problem_titles[] = {
    "用地指标尚未落实", "施工许可办理进度慢", "电力增容接入时间紧", "环评批复待审", "外籍专家工作许可",
    "融资贷款审批",     "配套道路未建成",     "天然气管线接入",     "规划条件调整", "招工难"};

/* Problems in every state: some waiting, some handled, some overdue and escalated. */
static int add_problems(struct store *st, struct arena *a, const struct city *c,
                        const struct demo_project *projects, size_t n, int32_t today, const struct actor *who,
                        struct error *e)
{
    struct problem_viewer all = {.manager = true};
    for (int i = 0; i < 150; i++) {
        const struct demo_project *d = &projects[below((unsigned)n)];
        if (d->first_month < 0)
            continue;
        struct problem_act act = {.action = PA_RAISE,
                                  .project_id = d->id,
                                  .title = PICK(problem_titles),
                                  .description = "请相关部门协调解决。"};
        struct problem p;
        if (store_problem_act(st, 1, &all, 0, &act, who, a, &p, e) != 0)
            return -1;
        unsigned fate = below(100);
        bool overdue = fate >= 30 && fate < 40 ? true : fate >= 55 && fate < 65;
        enum problem_action steps[] = {PA_ASSIGN, PA_ACCEPT, PA_RESOLVE, PA_CONFIRM};
        int n_steps = fate < 15 ? 0 : fate < 40 ? 1 : fate < 65 ? 2 : fate < 80 ? 3 : 4;
        for (int k = 0; k < n_steps; k++) {
            struct problem_act next = {.action = steps[k], .comment = ""};
            if (steps[k] == PA_ASSIGN) {
                next.unit_id = c->departments[below((unsigned)c->n_departments)];
                next.deadline = overdue ? today - 5 - (int32_t)below(60) : today + 10 + (int32_t)below(30);
            }
            if (store_problem_act(st, 1, &all, p.id, &next, who, a, &p, e) != 0)
                return -1;
        }
        struct problem_act escalate = {.action = PA_ESCALATE, .comment = "逾期未办结，列入督办"};
        if (overdue && chance(50) && store_problem_act(st, 1, &all, p.id, &escalate, who, a, &p, e) != 0)
            return -1;
    }
    return 0;
}

int demo_projects_fill(struct store *st, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct city c = {0};
    struct actor who = {0, "demo", "local"};
    int32_t today = (int32_t)date_today();
    struct demo_project *projects = NULL;
    int rc = -1;
    if (store_batch_begin(st, e) != 0)
        return -1;
    if (find_units(st, &a, &c, e) != 0 || add_enterprises(st, &a, &c, &who, e) != 0)
        goto out;
    projects = arena_alloc(&a, PROJECTS * sizeof(*projects));
    if (!projects) {
        error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
        goto out;
    }
    for (int i = 0; i < PROJECTS; i++) {
        struct arena scratch = ARENA_INIT; /* a project's reports need nothing after they are written */
        int step = add_project(st, &scratch, &c, i, today, &who, &projects[i], e);
        if (step == 0)
            step = add_reports(st, &scratch, &projects[i], &who, e);
        arena_release(&scratch);
        if (step != 0)
            goto out;
    }
    struct warning_counts counts;
    if (add_problems(st, &a, &c, projects, PROJECTS, today, &who, e) != 0 ||
        store_warnings_recompute(st, 1, &counts, e) != 0)
        goto out;
    rc = 0;
out:
    if (store_batch_end(st, rc == 0, e) != 0)
        rc = -1;
    arena_release(&a);
    return rc;
}
