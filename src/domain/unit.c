/* Unit field and tree rules; see unit.h. */
#include "domain/unit.h"

#include <string.h>

#include "base/utf8.h"
#include "base/banned.h"

static const char *const kind_names[UNIT_KIND_COUNT] = {"department", "town", "subdistrict", "park", "other"};
static const char *const kind_labels_zh[UNIT_KIND_COUNT] = {"部门", "镇", "街道", "园区", "其他"};

int unit_kind_parse(const char *s, size_t len, enum unit_kind *out)
{
    for (int k = 0; k < UNIT_KIND_COUNT; k++) {
        if (strlen(kind_names[k]) == len && memcmp(kind_names[k], s, len) == 0) {
            *out = (enum unit_kind)k;
            return 0;
        }
    }
    return -1;
}

const char *unit_kind_name(enum unit_kind kind)
{
    return kind < UNIT_KIND_COUNT ? kind_names[kind] : "other";
}

const char *unit_kind_label_zh(enum unit_kind kind)
{
    return kind < UNIT_KIND_COUNT ? kind_labels_zh[kind] : "其他";
}

int unit_check_code(const char *s, size_t len, struct error *e)
{
    if (len == 0)
        return error_set(e, ERR_INVALID_VALUE, "code", "单位编码不能为空", "the unit code must not be empty");
    if (len > UNIT_CODE_MAX)
        return error_set(e, ERR_TOO_LONG, "code", "单位编码最长 %d 个字符", "the unit code is at most %d characters",
                         UNIT_CODE_MAX);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok)
            return error_set(e, ERR_INVALID_VALUE, "code", "单位编码只能包含字母、数字、下划线和连字符",
                             "the unit code may hold only letters, digits, '_' and '-'");
    }
    return 0;
}

int unit_check_name(const char *s, size_t len, struct error *e)
{
    if (utf8_is_blank(s, len))
        return error_set(e, ERR_INVALID_VALUE, "name", "单位名称不能为空", "the unit name must not be blank");
    if (utf8_count(s, len) > UNIT_NAME_MAX)
        return error_set(e, ERR_TOO_LONG, "name", "单位名称最长 %d 个字", "the unit name is at most %d characters",
                         UNIT_NAME_MAX);
    if (utf8_has_control(s, len))
        return error_set(e, ERR_INVALID_VALUE, "name", "单位名称不能包含控制字符",
                         "the unit name must not contain control characters");
    return 0;
}

int unit_check_sort_order(int64_t value, struct error *e)
{
    if (value < 0 || value > UNIT_SORT_ORDER_MAX)
        return error_set(e, ERR_INVALID_VALUE, "sort_order", "排序号应在 0 到 %d 之间",
                         "sort_order must be between 0 and %d", UNIT_SORT_ORDER_MAX);
    return 0;
}

int unit_tree_check_parent(int64_t unit_id, const int64_t *ancestors, size_t n_ancestors, struct error *e)
{
    for (size_t i = 0; i < n_ancestors; i++) {
        if (unit_id != 0 && ancestors[i] == unit_id)
            return error_set(e, ERR_CYCLE, "parent_id",
                             i == 0 ? "单位不能成为自己的上级单位" : "单位不能移到自己的下级单位之下",
                             i == 0 ? "a unit cannot be its own parent" : "a unit cannot be moved under its own descendant");
    }
    if (n_ancestors + 1 > UNIT_TREE_DEPTH_MAX)
        return error_set(e, ERR_INVALID_VALUE, "parent_id", "单位层级最多 %d 级", "the unit tree is at most %d levels deep",
                         UNIT_TREE_DEPTH_MAX);
    return 0;
}
