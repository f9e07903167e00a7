/* Project field rules and the names of their enumerations; see project.h. */
#include "domain/project.h"

#include <string.h>

#include "domain/field.h"
#include "base/banned.h"

static const char *const category_names[CAT_COUNT] = {"industry", "infrastructure", "social", "tech_talent", "other"};
static const char *const category_labels_zh[CAT_COUNT] = {"产业", "基础设施", "社会民生", "科技人才", "其他"};
static const char *const source_names[SOURCE_COUNT] = {"domestic", "foreign", "hmt"};
static const char *const source_labels_zh[SOURCE_COUNT] = {"内资", "外资", "港澳台"};
static const char *const tier_names[TALENT_COUNT] = {"none", "national", "provincial", "municipal"};
static const char *const tier_labels_zh[TALENT_COUNT] = {"无", "国家级", "省级", "市级"};

const char *category_name(enum project_category c)
{
    return c < CAT_COUNT ? category_names[c] : "";
}

const char *category_label_zh(enum project_category c)
{
    return c < CAT_COUNT ? category_labels_zh[c] : "";
}

int category_parse(const char *s, size_t len, enum project_category *out)
{
    int i = field_name_index(category_names, CAT_COUNT, s, len);
    if (i < 0)
        return -1;
    *out = (enum project_category)i;
    return 0;
}

const char *source_name(enum project_source s)
{
    return s < SOURCE_COUNT ? source_names[s] : "";
}

const char *source_label_zh(enum project_source s)
{
    return s < SOURCE_COUNT ? source_labels_zh[s] : "";
}

int source_parse(const char *s, size_t len, enum project_source *out)
{
    int i = field_name_index(source_names, SOURCE_COUNT, s, len);
    if (i < 0)
        return -1;
    *out = (enum project_source)i;
    return 0;
}

const char *talent_tier_name(enum talent_tier t)
{
    return t < TALENT_COUNT ? tier_names[t] : "";
}

const char *talent_tier_label_zh(enum talent_tier t)
{
    return t < TALENT_COUNT ? tier_labels_zh[t] : "";
}

int talent_tier_parse(const char *s, size_t len, enum talent_tier *out)
{
    int i = field_name_index(tier_names, TALENT_COUNT, s, len);
    if (i < 0)
        return -1;
    *out = (enum talent_tier)i;
    return 0;
}

int project_check_code(const char *s, size_t len, struct error *e)
{
    if (len == 0)
        return error_set(e, ERR_INVALID_VALUE, "code", "项目编号不能为空", "the project code must not be empty");
    if (len > PROJECT_CODE_MAX)
        return error_set(e, ERR_TOO_LONG, "code", "项目编号最长 %d 个字符", "the project code is at most %d characters",
                         PROJECT_CODE_MAX);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok)
            return error_set(e, ERR_INVALID_VALUE, "code", "项目编号只能包含字母、数字、下划线和连字符",
                             "the project code may hold only letters, digits, '_' and '-'");
    }
    return 0;
}

int project_check_name(const char *s, size_t len, struct error *e)
{
    static const struct text_limits name = {"name", "项目名称", "the project name", PROJECT_NAME_MAX, false, false};
    return field_check_text(&name, s, len, e);
}

int project_check_text(const char *s, size_t len, const char *field, struct error *e)
{
    const struct text_limits text = {field, "文字内容", field, PROJECT_TEXT_MAX, true, true};
    return field_check_text(&text, s, len, e);
}

int project_check_amount(int64_t fen, const char *field, struct error *e)
{
    if (fen < 0 || fen > PROJECT_AMOUNT_MAX)
        return error_set(e, ERR_INVALID_VALUE, field, "金额应在 0 到 10 万亿元之间",
                         "an amount is between 0 and 10 trillion yuan");
    return 0;
}

int project_check_tag(const char *s, size_t len, struct error *e)
{
    static const struct text_limits tag = {"tags", "标签", "a tag", PROJECT_TAG_MAX, false, false};
    if (field_check_text(&tag, s, len, e) < 0)
        return -1;
    if (memchr(s, '|', len) || memchr(s, ',', len))
        return error_set(e, ERR_INVALID_VALUE, "tags", "标签不能包含“|”或“,”", "a tag must not contain '|' or ','");
    return 0;
}
