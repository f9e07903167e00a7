/* Shared field helpers; see field.h. */
#include "domain/field.h"

#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "base/banned.h"

int field_name_index(const char *const *names, int count, const char *s, size_t len)
{
    for (int i = 0; i < count; i++) {
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
            return i;
    }
    return -1;
}

static bool has_control(const char *str, size_t len, bool multiline)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < len; i++) {
        if (multiline && (s[i] == '\n' || s[i] == '\t'))
            continue;
        if (s[i] < 0x20 || s[i] == 0x7F)
            return true;
        if (s[i] == 0xC2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F) /* C1: U+0080–U+009F */
            return true;
    }
    return false;
}

int field_check_text(const struct text_limits *t, const char *s, size_t len, struct error *e)
{
    char zh[192], en[192];
    if (!utf8_valid(s, len)) {
        snprintf(zh, sizeof(zh), "%s不是有效的 UTF-8 文本", t->label_zh);
        snprintf(en, sizeof(en), "%s is not valid UTF-8", t->label_en);
        return error_set_text(e, ERR_INVALID_VALUE, t->field, zh, en);
    }
    if (!t->may_be_blank && utf8_is_blank(s, len)) {
        snprintf(zh, sizeof(zh), "%s不能为空", t->label_zh);
        snprintf(en, sizeof(en), "%s must not be blank", t->label_en);
        return error_set_text(e, ERR_INVALID_VALUE, t->field, zh, en);
    }
    if (utf8_count(s, len) > t->max) {
        snprintf(zh, sizeof(zh), "%s最长 %zu 个字", t->label_zh, t->max);
        snprintf(en, sizeof(en), "%s is at most %zu characters", t->label_en, t->max);
        return error_set_text(e, ERR_TOO_LONG, t->field, zh, en);
    }
    if (has_control(s, len, t->multiline)) {
        snprintf(zh, sizeof(zh), "%s不能包含%s控制字符", t->label_zh, t->multiline ? "换行和制表符以外的" : "");
        snprintf(en, sizeof(en), "%s must not contain control characters%s", t->label_en,
                 t->multiline ? " other than newline and tab" : "");
        return error_set_text(e, ERR_INVALID_VALUE, t->field, zh, en);
    }
    return 0;
}
