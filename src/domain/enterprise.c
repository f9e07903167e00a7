/*
 * Enterprise field rules; see enterprise.h. The credit code's rules are checked in the order a
 * person reads the code (length, each character, the division part, the check character), and
 * each failure says which rule failed, so a typing error can be found from the message alone.
 */
#include "domain/enterprise.h"

#include <string.h>

#include "base/utf8.h"
#include "domain/field.h"
#include "base/banned.h"

/* GB 32100-2015: the digits and the capital letters without I, O, Z, S, V; a character's value is its index. */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
#define ALPHABET_SIZE 31

/* Provinces of GB/T 2260 (the first two digits of a division code). */
static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                                43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};

static int char_value(char c)
{
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

char credit_code_check_char(const char *first17)
{
    int sum = 0, weight = 1; /* w_i = 3^(i−1) mod 31 */
    for (int i = 0; i < CREDIT_CODE_LEN - 1; i++) {
        int v = char_value(first17[i]);
        if (v < 0)
            return 0;
        sum = (sum + v * weight) % ALPHABET_SIZE;
        weight = weight * 3 % ALPHABET_SIZE;
    }
    return alphabet[(ALPHABET_SIZE - sum) % ALPHABET_SIZE];
}

static bool is_province(int code)
{
    for (size_t i = 0; i < sizeof(provinces) / sizeof(provinces[0]); i++) {
        if (provinces[i] == code)
            return true;
    }
    return false;
}

/* Why character `pos` (1-based) is not from the alphabet. */
static int bad_char(char c, int pos, struct error *e)
{
    if (c >= 'a' && c <= 'z' && char_value((char)(c - 'a' + 'A')) >= 0)
        return error_set(e, ERR_INVALID_VALUE, "credit_code",
                         "统一社会信用代码第 %d 位“%c”是小写字母，字母应大写（%c）",
                         "credit code character %d '%c' is lower case: letters are capitals (%c)", pos, c,
                         c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
        return error_set(e, ERR_INVALID_VALUE, "credit_code",
                         "统一社会信用代码第 %d 位“%c”不可用：字母应大写，且不用 I、O、Z、S、V",
                         "credit code character %d '%c' is not allowed: letters are capitals other than I, O, Z, S, V",
                         pos, c);
    return error_set(e, ERR_INVALID_VALUE, "credit_code", "统一社会信用代码第 %d 位不是数字或大写字母",
                     "credit code character %d is not a digit or a capital letter", pos);
}

int credit_code_check(const char *s, size_t len, struct error *e)
{
    if (utf8_is_blank(s, len))
        return error_set(e, ERR_INVALID_VALUE, "credit_code", "统一社会信用代码不能为空",
                         "the credit code must not be blank");
    size_t n = utf8_valid(s, len) ? utf8_count(s, len) : len;
    if (n != CREDIT_CODE_LEN)
        return error_set(e, ERR_INVALID_VALUE, "credit_code", "统一社会信用代码应为 %d 位，这里是 %zu 位",
                         "the credit code has %d characters, not %zu", CREDIT_CODE_LEN, n);
    /* a character outside ASCII ends the loop, so every position before it is one byte */
    for (size_t i = 0; i < len; i++) {
        if (char_value(s[i]) < 0)
            return bad_char(s[i], (int)i + 1, e);
    }
    for (int i = 2; i < 8; i++) {
        if (s[i] < '0' || s[i] > '9')
            return error_set(e, ERR_INVALID_VALUE, "credit_code",
                             "统一社会信用代码第 3–8 位（登记管理机关行政区划码）应为 6 位数字，第 %d 位“%c”不是数字",
                             "credit code characters 3–8 (the division code) are 6 digits: character %d '%c' is not",
                             i + 1, s[i]);
    }
    if (!is_province((s[2] - '0') * 10 + (s[3] - '0')))
        return error_set(e, ERR_INVALID_VALUE, "credit_code",
                         "统一社会信用代码第 3–8 位的行政区划码 %.6s 中，省级代码 %.2s 不存在",
                         "credit code characters 3–8: division code %.6s names no province %.2s", s + 2, s + 2);
    char expected = credit_code_check_char(s);
    if (s[CREDIT_CODE_LEN - 1] != expected)
        return error_set(e, ERR_INVALID_VALUE, "credit_code", "统一社会信用代码校验位应为 %c，而不是 %c",
                         "the credit code's check character (the 18th) should be %c, not %c", expected,
                         s[CREDIT_CODE_LEN - 1]);
    return 0;
}

static const char *const ownership_names[OWNERSHIP_COUNT] = {"domestic", "foreign", "hmt"};
static const char *const ownership_labels_zh[OWNERSHIP_COUNT] = {"内资", "外资", "港澳台"};

int ownership_parse(const char *s, size_t len, enum ownership *out)
{
    int i = field_name_index(ownership_names, OWNERSHIP_COUNT, s, len);
    if (i < 0)
        return -1;
    *out = (enum ownership)i;
    return 0;
}

const char *ownership_name(enum ownership o)
{
    return o < OWNERSHIP_COUNT ? ownership_names[o] : "";
}

const char *ownership_label_zh(enum ownership o)
{
    return o < OWNERSHIP_COUNT ? ownership_labels_zh[o] : "";
}

int enterprise_check_name(const char *s, size_t len, struct error *e)
{
    static const struct text_limits name = {"name", "企业名称", "the enterprise name", ENTERPRISE_NAME_MAX, false, false};
    return field_check_text(&name, s, len, e);
}
