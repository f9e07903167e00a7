/* JSON string escaping for log lines and hand-built JSON; see json_escape.h. */
#include "base/json_escape.h"

#include <string.h>

#include "base/utf8.h"
#include "base/banned.h"

void json_escape(struct strbuf *sb, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    strbuf_addch(sb, '"');
    size_t i = 0;
    while (i < len) {
        /* copy the longest run that needs no escaping (printable ASCII, valid UTF-8) in one go */
        size_t run = i;
        while (run < len) {
            unsigned char c = (unsigned char)s[run];
            size_t n = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? 1
                       : c >= 0x80                                    ? utf8_sequence_length(s + run, len - run)
                                                                      : 0;
            if (n == 0)
                break;
            run += n;
        }
        if (run > i) {
            strbuf_add(sb, s + i, run - i);
            i = run;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == '"' || c == '\\') {
                char esc[2] = {'\\', (char)c};
                strbuf_add(sb, esc, 2);
            } else {
                char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                strbuf_add(sb, esc, 6);
            }
            i++;
            continue;
        }
        size_t n = utf8_sequence_length(s + i, len - i);
        if (n == 0) {
            strbuf_addstr(sb, "\xEF\xBF\xBD");
            i++;
        } else {
            strbuf_add(sb, s + i, n);
            i += n;
        }
    }
    strbuf_addch(sb, '"');
}

void json_escape_or_null(struct strbuf *sb, const char *s)
{
    if (s)
        json_escape(sb, s, strlen(s));
    else
        strbuf_add(sb, "null", 4);
}
