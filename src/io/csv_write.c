/* CSV: the table writer's CSV backend and its field quoting; see csv_write.h. */
#include "io/csv_write.h"

#include <errno.h>
#include <string.h>

#include "io/table_writer_internal.h"
#include "base/banned.h"

void csv_write_field(struct strbuf *sb, const char *v, bool text)
{
    if (!v)
        return;
    bool quote = strpbrk(v, ",\"\r\n") != NULL;
    if (quote)
        strbuf_addch(sb, '"');
    if (text && table_text_is_formula_like(v))
        strbuf_addch(sb, '\'');
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            strbuf_addch(sb, '"');
        strbuf_addch(sb, *p);
    }
    if (quote)
        strbuf_addch(sb, '"');
}

static int write_line(struct table_writer *w, struct error *e)
{
    strbuf_addstr(&w->line, "\r\n");
    if (w->line.failed)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    if (fwrite(w->line.buf, 1, w->line.len, w->f) != w->line.len)
        return error_set(e, ERR_INTERNAL, NULL, "无法写入 CSV 文件：%s", "cannot write the CSV file: %s", strerror(errno));
    strbuf_reset(&w->line);
    return 0;
}

int csv_table_open(struct table_writer *w, const char *path, struct error *e)
{
    if (!(w->f = fopen(path, "wb")))
        return error_set(e, ERR_INTERNAL, NULL, "无法创建文件 %s：%s", "cannot create %s: %s", path, strerror(errno));
    strbuf_addstr(&w->line, "\xEF\xBB\xBF");
    for (size_t i = 0; i < w->cols->n_columns; i++) {
        char buf[128];
        if (i)
            strbuf_addch(&w->line, ',');
        csv_write_field(&w->line, table_column_header(&w->cols->columns[i], buf, sizeof(buf)), true);
    }
    if (write_line(w, e) != 0) {
        fclose(w->f);
        return -1;
    }
    return 0;
}

int csv_table_row(struct table_writer *w, const struct out_cell *cells, struct error *e)
{
    for (size_t i = 0; i < w->cols->n_columns; i++) {
        if (i)
            strbuf_addch(&w->line, ',');
        /* only what we did not make ourselves is free text: a number or date we wrote is not */
        csv_write_field(&w->line, cells[i].text, cells[i].kind == OUT_TEXT);
    }
    return write_line(w, e);
}

int csv_table_close(struct table_writer *w, struct error *e)
{
    int failed = ferror(w->f);
    if (fclose(w->f) != 0 || failed)
        return error_set(e, ERR_INTERNAL, NULL, "无法写入 CSV 文件：%s", "cannot write the CSV file: %s", strerror(errno));
    return 0;
}
