/* Account rules; see account.h. */
#include "domain/account.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "base/banned.h"

int account_check_username(const char *s, size_t len, struct error *e)
{
    if (len < USERNAME_MIN || len > USERNAME_MAX)
        return error_set(e, len > USERNAME_MAX ? ERR_TOO_LONG : ERR_INVALID_VALUE, "username",
                         "用户名应为 %d 到 %d 个字符", "a user name is %d to %d characters", USERNAME_MIN, USERNAME_MAX);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                  c == '@' || c == '-';
        if (!ok)
            return error_set(e, ERR_INVALID_VALUE, "username", "用户名只能包含字母、数字和 _ . @ -",
                             "a user name may hold only letters, digits and _ . @ -");
    }
    return 0;
}

int account_check_password(const char *username, const char *password, size_t len, const char *field,
                           struct error *e)
{
    if (!utf8_valid(password, len) || memchr(password, '\0', len))
        return error_set(e, ERR_INVALID_VALUE, field, "密码含有无效字符", "the password holds invalid characters");
    size_t chars = utf8_count(password, len);
    if (chars < PASSWORD_MIN)
        return error_set(e, ERR_INVALID_VALUE, field, "密码至少 %d 个字符", "a password is at least %d characters",
                         PASSWORD_MIN);
    if (chars > PASSWORD_MAX)
        return error_set(e, ERR_TOO_LONG, field, "密码最多 %d 个字符", "a password is at most %d characters",
                         PASSWORD_MAX);
    if (username && strlen(username) == len && strncasecmp(username, password, len) == 0)
        return error_set(e, ERR_INVALID_VALUE, field, "密码不能与用户名相同", "the password must not be the user name");
    return 0;
}
