/*
 * Benchmarking's JSON in and out: an indicator, a city, a figure with its formula, a decimal that
 * may be missing, and the lists of ids the comparison queries take ("cities=1,2,3"). Decimals are
 * read and written as the appraisal's are (appraisal_json.h): exactly, as decimal text.
 */
#ifndef HTTP_BENCHMARK_JSON_H
#define HTTP_BENCHMARK_JSON_H

#include "http/input.h"
#include "http/request.h"
#include "store/store.h"

void bm_json_text(struct strbuf *sb, const char *s);  /* a JSON string; NULL as "" */
void bm_json_opt(struct strbuf *sb, struct bm_opt v); /* a decimal, or null */
/* {"value": decimal|null, "status": "…", "formula": "…"} */
void bm_json_fig(struct strbuf *sb, struct bm_fig f, const char *formula);
void bm_json_indicator(struct strbuf *sb, const struct bm_indicator *in);
void bm_json_city(struct strbuf *sb, const struct bm_city *c);

/* A rate as a percentage to the hundredth ("8.33%"), rounded half away from zero; "—" without a value. */
void bm_format_percent(char *buf, size_t size, struct bm_fig f);

/* A comma-separated list of 1 to max positive ids, none twice (bad_query naming the parameter). */
int bm_query_ids(const struct query_param *p, size_t max, struct arena *a, int64_t **ids, size_t *n,
                 struct error *e);
/* For a read that takes no query parameters: refuses any (bad_query). */
int bm_no_query(struct request *r, struct error *e);
/* This year, by the clock (the default end of a span of years). */
int bm_this_year(void);
/* A year in [BM_YEAR_MIN, BM_YEAR_MAX] (bad_query naming the parameter). */
int bm_query_year(const struct query_param *p, int *out, struct error *e);

/* The path's {id} as an id, or the not-found error of what (zh, en). */
int bm_path_id(struct request *r, size_t i, const char *zh, const char *en, int64_t *out, struct error *e);

/* Sends sb (and releases it). */
int bm_respond(struct request *r, int status, struct strbuf *sb, struct error *e);

#endif
