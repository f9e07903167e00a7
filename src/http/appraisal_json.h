/*
 * The appraisal's JSON in and out: decimals and points read exactly (a JSON number is read from
 * its shortest decimal text, a string as written) and written as exact decimal text; a scheme, its
 * structure and the structure's input; the error fields name the item ("indicators[2].children[0].cap").
 */
#ifndef HTTP_APPRAISAL_JSON_H
#define HTTP_APPRAISAL_JSON_H

#include "http/request.h"
#include "store/store.h"

/* 1 present (is_null when null and nullable), 0 absent, -1 wrong (e names path). */
int appr_input_decimal(json_t *obj, const char *key, const char *path, bool nullable, bool *is_null,
                       int64_t *out, struct error *e);
int appr_input_points(json_t *obj, const char *key, const char *path, bool nullable, bool *is_null,
                      int64_t *out, struct error *e);
/* A required text of 1..max characters without control characters (path names it). */
int appr_input_text(json_t *obj, const char *key, const char *path, size_t max, bool required,
                    const char **out, struct error *e);

/* A field path or short text, cut at size (a path longer than a field holds is cut, not refused). */
void appr_field(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* input_only_fields, the refused key's field named under path ("values[3].score"). */
int appr_only_fields(json_t *obj, const char *const *allowed, const char *path, struct error *e);

void appr_json_decimal(struct strbuf *sb, int64_t v);
void appr_json_points(struct strbuf *sb, int64_t v);
void appr_json_scheme_summary(struct strbuf *sb, const struct appr_scheme_row *s);
/* The summary and the whole structure, as GET /appraisal/schemes/{id} answers. */
void appr_json_structure(struct strbuf *sb, const struct appr_structure *s);
/* The structure of a PUT …/structure, arena-owned. */
int appr_parse_structure(json_t *body, struct arena *a, struct appr_structure *out, struct error *e);

/*
 * The freezer of store_appr_publish: computes the loaded scheme, refuses it while a leaf has a
 * data error, and renders the results and each subject's explanation as GET …/results answers them.
 */
int appr_freeze(const struct appr_loaded *in, struct arena *a, void *ctx, struct appr_frozen *out, struct error *e);

#endif
