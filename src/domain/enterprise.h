/*
 * Enterprises (企业): the owners of projects. The unified social credit code (统一社会信用代码,
 * GB 32100-2015) is the natural key; its check is here, with the other field rules.
 */
#ifndef DOMAIN_ENTERPRISE_H
#define DOMAIN_ENTERPRISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define CREDIT_CODE_LEN 18
#define ENTERPRISE_NAME_MAX 100 /* characters (code points) */

enum ownership { OWNERSHIP_DOMESTIC, OWNERSHIP_FOREIGN, OWNERSHIP_HMT, OWNERSHIP_COUNT }; /* 内资, 外资, 港澳台 */

struct enterprise {
    int64_t id;
    const char *credit_code, *name;
    const char *industry_code;   /* GB/T 4754-2017, NULL: not given */
    enum ownership ownership;
    int64_t park_id;             /* the park (or town) unit it sits in, 0: none */
    bool above_size, leading_talent, high_tech; /* 规上, 领军人才企业, 高新技术企业 */
    const char *created_at, *updated_at;
};

/*
 * Checks a credit code: 18 characters from 0-9 and A-Z without I, O, Z, S, V; characters 3–8 a
 * division code of the right form (six digits naming a province of GB/T 2260; the division need
 * not exist today, as codes outlive renamed counties); character 18 the check character. The
 * error (field "credit_code") says which rule failed and, for the check character, which one
 * was expected. Lower-case letters are refused (saying so), not converted.
 */
int credit_code_check(const char *s, size_t len, struct error *e);
/* The check character for the first 17 characters (all from the code's alphabet), or 0. */
char credit_code_check_char(const char *first17);

int ownership_parse(const char *s, size_t len, enum ownership *out);
const char *ownership_name(enum ownership o);     /* "domestic", "foreign", "hmt" */
const char *ownership_label_zh(enum ownership o); /* "内资", "外资", "港澳台" */

int enterprise_check_name(const char *s, size_t len, struct error *e);

#endif
