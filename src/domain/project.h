/*
 * Projects (项目): their fields, the lifecycle milestones 在谈 → 签约 → 注册 → 开工 → 竣工 → 投产 →
 * 达产 with planned and actual dates, the stage and pool (项目梯队库) that follow from them, and
 * size classes by total investment. Dates are day numbers (base/date.h); DAY_NONE is no date.
 */
#ifndef DOMAIN_PROJECT_H
#define DOMAIN_PROJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define DAY_NONE INT32_MIN
#define PROJECT_CODE_MAX 32   /* ASCII letters, digits, '_' and '-' */
#define PROJECT_NAME_MAX 100  /* characters */
#define PROJECT_TAGS_MAX 8
#define PROJECT_TAG_MAX 20    /* characters, no '|' or control characters */
#define PROJECT_TEXT_MAX 2000 /* characters: descriptions, progress texts */
/* Amounts in fen above this are refused (10 万亿元): keeps every product in the rules within int64. */
#define PROJECT_AMOUNT_MAX 1000000000000000LL
/* Dates before this year or after this many years from today are refused as typing errors. */
#define PROJECT_YEAR_MIN 1990
#define PROJECT_YEARS_AHEAD 30

enum milestone { MS_NEGOTIATING, MS_SIGNED, MS_REGISTERED, MS_STARTED, MS_COMPLETED, MS_PRODUCTION, MS_FULL_CAPACITY,
                 MS_COUNT };

/* 储备 reserve, 前期 preliminary, 在建 construction, 竣工 completed, 投产 production. */
enum project_pool { POOL_RESERVE, POOL_PRELIMINARY, POOL_CONSTRUCTION, POOL_COMPLETED, POOL_PRODUCTION, POOL_COUNT };

enum project_category { CAT_INDUSTRY, CAT_INFRASTRUCTURE, CAT_SOCIAL, CAT_TECH_TALENT, CAT_OTHER, CAT_COUNT };

enum project_source { SOURCE_DOMESTIC, SOURCE_FOREIGN, SOURCE_HMT, SOURCE_COUNT };

/* Talent tier of a talent project; TALENT_NONE for others. */
enum talent_tier { TALENT_NONE, TALENT_NATIONAL, TALENT_PROVINCIAL, TALENT_MUNICIPAL, TALENT_COUNT };

struct milestones {
    int32_t planned[MS_COUNT], actual[MS_COUNT]; /* day numbers or DAY_NONE */
};

/* "negotiating", "signed", "registered", "started", "completed", "production", "full_capacity". */
const char *milestone_name(enum milestone m);
const char *milestone_label_zh(enum milestone m); /* 在谈, 签约, … */
int milestone_parse(const char *s, size_t len, enum milestone *out);

/*
 * Checks the dates: each within [PROJECT_YEAR_MIN, today + PROJECT_YEARS_AHEAD years]; an actual
 * date not after today; an actual date not before the actual date of the nearest earlier step
 * that has one (steps may be skipped: an infrastructure project is never negotiated). The error's
 * field is the request body's path of the date ("milestones.started.actual"), the message both dates.
 */
int milestones_check(const struct milestones *m, int32_t today, struct error *e);
/* The last step with an actual date, or -1 when none has one. */
int project_stage(const struct milestones *m);
/* 储备 for no step or 在谈; 前期 for 签约 and 注册; 在建 for 开工; 竣工; 投产 for 投产 and 达产. */
enum project_pool project_pool_of(int stage);
/* The month (year × 12 + month − 1) from which monthly reports are accepted: the earliest actual
 * date among 签约, 注册 and 开工; -1 when none has one (no report is accepted yet). */
int32_t project_first_report_month(const struct milestones *m);

const char *pool_name(enum project_pool p);     /* "reserve", "preliminary", "construction", "completed", "production" */
const char *pool_label_zh(enum project_pool p); /* 储备, 前期, 在建, 竣工, 投产 */
int pool_parse(const char *s, size_t len, enum project_pool *out);

const char *category_name(enum project_category c); /* "industry", "infrastructure", "social", "tech_talent", "other" */
const char *category_label_zh(enum project_category c); /* 产业, 基础设施, 社会民生, 科技人才, 其他 */
int category_parse(const char *s, size_t len, enum project_category *out);
const char *source_name(enum project_source s);     /* "domestic", "foreign", "hmt" */
const char *source_label_zh(enum project_source s); /* 内资, 外资, 港澳台 */
int source_parse(const char *s, size_t len, enum project_source *out);
const char *talent_tier_name(enum talent_tier t);     /* "none", "national", "provincial", "municipal" */
const char *talent_tier_label_zh(enum talent_tier t); /* 无, 国家级, 省级, 市级 */
int talent_tier_parse(const char *s, size_t len, enum talent_tier *out);

/* Size classes: thresholds in fen, strictly ascending, 1 to SIZE_THRESHOLDS_MAX of them. */
#define SIZE_THRESHOLDS_MAX 8
struct size_classes {
    size_t n;
    int64_t threshold[SIZE_THRESHOLDS_MAX];
};
extern const struct size_classes size_classes_default; /* 1亿, 5亿, 10亿, 50亿 元 */
int size_classes_check(const struct size_classes *s, struct error *e);
/* 0 below the first threshold, k when total ≥ threshold k−1 and below threshold k, n at the top. */
int size_class_of(const struct size_classes *s, int64_t total_fen);
/* "1亿元以下", "1亿–5亿元", …, "50亿元以上" into buf. */
void size_class_label(const struct size_classes *s, int k, char *buf, size_t size);

int project_check_code(const char *s, size_t len, struct error *e);
int project_check_name(const char *s, size_t len, struct error *e);
/* A free text (description, progress) of at most PROJECT_TEXT_MAX characters, no control
 * characters except newline and tab; may be empty. */
int project_check_text(const char *s, size_t len, const char *field, struct error *e);
/* An amount in fen: 0 ≤ fen ≤ PROJECT_AMOUNT_MAX. */
int project_check_amount(int64_t fen, const char *field, struct error *e);
/* One tag: 1 to PROJECT_TAG_MAX characters, not blank, no '|', ',' or control characters. */
int project_check_tag(const char *s, size_t len, struct error *e);

/* Months as numbers: year × 12 + month − 1. "YYYY-MM" exactly; -1 on anything else. */
int32_t month_parse(const char *s, size_t len);
void month_format(int32_t month, char buf[8]); /* a negative month (none) gives "" */
int32_t month_of_day(int32_t day);

#endif
