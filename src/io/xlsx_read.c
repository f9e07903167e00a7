/*
 * Reading one sheet of an .xlsx file: a zip archive (libzip, read from memory) of XML parts
 * (expat, streamed). We read the workbook (sheet names, the 1904 date system), its relations
 * (which part holds which sheet), the shared strings and the one sheet asked for; styles are
 * not needed, as the column a value lands in says whether it is a date.
 *
 * Hostile files: zip bombs are stopped while streaming (bytes per entry and in all, entry
 * count, compression ratio: see struct read_limits); XML with a DOCTYPE is refused outright,
 * so there are no entities to expand and nothing external to fetch; nesting is bounded.
 */
#include <expat.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "io/sheet_build.h"
#include "base/banned.h"

#define CHUNK 65536
#define TEXT_MAX (1u << 20) /* one cell or shared string; Excel's own limit is 32,767 characters */
#define RATIO_FLOOR (1u << 20) /* entries smaller than this may have any compression ratio */

struct zipfile {
    zip_t *zip;
    const struct read_limits *limits;
    _Atomic uint64_t *total; /* shared by the archive's readers on both threads */
};

/* What every part's parser shares: the error, the nesting depth and the text being collected. */
struct xml_base {
    XML_Parser parser;
    struct error *e;
    const struct read_limits *limits;
    const char *part;
    uint32_t depth;
    bool collecting;
    char *text;
    size_t len, cap;
};

static const char *local_name(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local_name(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

/* Stops the parser with an error (the first one wins). */
static void xml_fail(struct xml_base *x, enum error_code code, const char *zh, const char *en)
{
    if (x->e->code == ERR_NONE) {
        error_set(x->e, code, "file", "%s（%s）", "%s (%s)", zh, x->part);
        snprintf(x->e->message_en, sizeof(x->e->message_en), "%s (%s)", en, x->part);
    }
    XML_StopParser(x->parser, XML_FALSE);
}

static bool xml_enter(struct xml_base *x)
{
    if (++x->depth > x->limits->depth) {
        xml_fail(x, ERR_BAD_FILE, "XML 嵌套过深", "XML nested too deeply");
        return false;
    }
    return true;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct xml_base *x = ud;
    if (!x->collecting || len <= 0)
        return;
    if (x->len + (size_t)len > TEXT_MAX) {
        xml_fail(x, ERR_TOO_LARGE, "单元格文字太长", "a cell's text is too long");
        return;
    }
    if (x->len + (size_t)len + 1 > x->cap) {
        size_t next = x->cap ? x->cap : 256;
        while (next < x->len + (size_t)len + 1)
            next *= 2;
        char *p = realloc(x->text, next);
        if (!p) {
            xml_fail(x, ERR_TOO_LARGE, "内存不足", "out of memory");
            return;
        }
        x->text = p;
        x->cap = next;
    }
    memcpy(x->text + x->len, s, (size_t)len);
    x->len += (size_t)len;
    x->text[x->len] = '\0';
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    xml_fail(ud, ERR_BAD_FILE, "文件含有 DOCTYPE 声明，出于安全原因不予读取",
             "the file has a DOCTYPE declaration, which is refused for safety");
}

static int zip_failure(struct error *e, const char *part)
{
    return error_set(e, ERR_BAD_FILE, "file", "文件已损坏或不是 xlsx 文件：无法读取 %s",
                     "the file is corrupt or not an xlsx file: cannot read %s", part);
}

/*
 * Streams one zip entry through an expat parser whose handlers are already set, with x as its
 * user data. A missing entry is an error only when required (returns 1 when absent).
 */
static int parse_part(struct zipfile *zf, const char *part, struct xml_base *x, XML_StartElementHandler start,
                      XML_EndElementHandler end, bool required, struct error *e)
{
    zip_int64_t index = zip_name_locate(zf->zip, part, 0);
    if (index < 0) {
        if (!required)
            return 1;
        return error_set(e, ERR_BAD_FILE, "file", "不是有效的 xlsx 文件：缺少 %s",
                         "not a valid xlsx file: %s is missing", part);
    }
    zip_stat_t st;
    if (zip_stat_index(zf->zip, (zip_uint64_t)index, 0, &st) != 0)
        return zip_failure(e, part);
    const struct read_limits *lim = zf->limits;
    if ((st.valid & ZIP_STAT_SIZE) && st.size > lim->entry_bytes)
        return error_set(e, ERR_TOO_LARGE, "file", "%s 解压后有 %llu 字节，超出上限 %llu 字节",
                         "%s unpacks to %llu bytes, over the limit of %llu", part, (unsigned long long)st.size,
                         (unsigned long long)lim->entry_bytes);
    zip_file_t *f = zip_fopen_index(zf->zip, (zip_uint64_t)index, 0);
    if (!f)
        return zip_failure(e, part);
    x->parser = XML_ParserCreate("UTF-8");
    char *buf = malloc(CHUNK);
    int rc = -1;
    if (!x->parser || !buf) {
        error_set(e, ERR_TOO_LARGE, "file", "内存不足", "out of memory");
        goto out;
    }
    x->e = e;
    x->limits = lim;
    x->part = part;
    XML_SetUserData(x->parser, x);
    XML_SetStartDoctypeDeclHandler(x->parser, on_doctype);
    XML_SetCharacterDataHandler(x->parser, on_text);
    XML_SetElementHandler(x->parser, start, end);
    XML_SetParamEntityParsing(x->parser, XML_PARAM_ENTITY_PARSING_NEVER);
    uint64_t entry = 0;
    for (;;) {
        zip_int64_t n = zip_fread(f, buf, CHUNK);
        if (n < 0) {
            zip_failure(e, part);
            goto out;
        }
        entry += (uint64_t)n;
        uint64_t total = atomic_fetch_add(zf->total, (uint64_t)n) + (uint64_t)n;
        if (entry > lim->entry_bytes || total > lim->total_bytes) {
            error_set(e, ERR_TOO_LARGE, "file", "文件解压后超出上限（每部分 %llu 字节，共 %llu 字节）",
                      "the file unpacks to more than the limit (%llu bytes a part, %llu in all)",
                      (unsigned long long)lim->entry_bytes, (unsigned long long)lim->total_bytes);
            goto out;
        }
        if (entry > RATIO_FLOOR && entry / (st.comp_size ? st.comp_size : 1) > lim->ratio) {
            error_set(e, ERR_TOO_LARGE, "file", "%s 的压缩比超过 %u 倍，疑似压缩炸弹，拒绝读取",
                      "%s is compressed more than %u to 1, like a zip bomb: refused", part, lim->ratio);
            goto out;
        }
        if (XML_Parse(x->parser, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (e->code == ERR_NONE)
                error_set(e, ERR_BAD_FILE, "file", "文件已损坏：%s 第 %lu 行的 XML 有误（%s）",
                          "the file is corrupt: bad XML in %s at line %lu (%s)", part,
                          (unsigned long)XML_GetCurrentLineNumber(x->parser), XML_ErrorString(XML_GetErrorCode(x->parser)));
            goto out;
        }
        if (n == 0)
            break;
    }
    rc = e->code == ERR_NONE ? 0 : -1;
out:
    free(buf);
    if (x->parser)
        XML_ParserFree(x->parser);
    x->parser = NULL;
    zip_fclose(f);
    return rc;
}

/* ---- the workbook: sheet names and relation ids, the date system ---- */

struct workbook {
    struct xml_base x;
    struct arena *a;
    bool date1904;
    size_t n;
    const char *names[SHEETS_MAX], *rel_ids[SHEETS_MAX];
    bool hidden[SHEETS_MAX]; /* state="hidden" or "veryHidden": often the lists behind drop-downs */
};

static void XMLCALL workbook_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct workbook *w = ud;
    if (!xml_enter(&w->x))
        return;
    const char *n = local_name(name);
    if (strcmp(n, "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        w->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(n, "sheet") == 0) {
        const char *sheet_name = attr(atts, "name"), *id = NULL;
        for (size_t i = 0; atts[i]; i += 2)
            if (strchr(atts[i], ':') && strcmp(local_name(atts[i]), "id") == 0)
                id = atts[i + 1];
        if (!sheet_name || !id) {
            xml_fail(&w->x, ERR_BAD_FILE, "工作表缺少名称或关系编号", "a sheet lacks its name or relation id");
            return;
        }
        if (w->n == SHEETS_MAX) {
            xml_fail(&w->x, ERR_TOO_LARGE, "工作表太多", "too many sheets");
            return;
        }
        const char *state = attr(atts, "state");
        w->hidden[w->n] = state && strcmp(state, "visible") != 0;
        w->names[w->n] = arena_strndup(w->a, sheet_name, strlen(sheet_name));
        w->rel_ids[w->n] = arena_strndup(w->a, id, strlen(id));
        if (!w->names[w->n] || !w->rel_ids[w->n])
            xml_fail(&w->x, ERR_TOO_LARGE, "内存不足", "out of memory");
        w->n++;
    }
}

static void XMLCALL plain_end(void *ud, const XML_Char *name)
{
    struct xml_base *x = ud;
    (void)name;
    x->depth--;
}

/* ---- relations: which part a relation id names ---- */

struct rels {
    struct xml_base x;
    const char *id;
    char target[512];
};

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rels *r = ud;
    if (!xml_enter(&r->x) || strcmp(local_name(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
    if (id && target && strcmp(id, r->id) == 0) {
        if (target[0] == '/')
            snprintf(r->target, sizeof(r->target), "%s", target + 1);
        else
            snprintf(r->target, sizeof(r->target), "xl/%s", target);
    }
}

/* ---- shared strings ---- */

struct shared_strings {
    struct xml_base x;
    struct arena *a;
    const char **items;
    uint32_t *lens;
    size_t n, cap;
    uint32_t phonetic; /* depth inside <rPh>: its text is a reading aid, not the string */
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct shared_strings *s = ud;
    (void)atts;
    if (!xml_enter(&s->x))
        return;
    const char *n = local_name(name);
    if (strcmp(n, "si") == 0)
        s->x.len = 0;
    else if (strcmp(n, "rPh") == 0)
        s->phonetic++;
    else if (strcmp(n, "t") == 0 && !s->phonetic)
        s->x.collecting = true;
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    struct shared_strings *s = ud;
    s->x.depth--;
    const char *n = local_name(name);
    if (strcmp(n, "t") == 0) {
        s->x.collecting = false;
    } else if (strcmp(n, "rPh") == 0) {
        s->phonetic--;
    } else if (strcmp(n, "si") == 0) {
        if (s->n == s->cap) {
            size_t next = s->cap ? s->cap * 2 : 1024;
            const char **items = realloc(s->items, next * sizeof(*items));
            if (items)
                s->items = items;
            uint32_t *lens = items ? realloc(s->lens, next * sizeof(*lens)) : NULL;
            if (!lens) {
                xml_fail(&s->x, ERR_TOO_LARGE, "内存不足", "out of memory");
                return;
            }
            s->lens = lens;
            s->cap = next;
        }
        s->items[s->n] = arena_strndup(s->a, s->x.text ? s->x.text : "", s->x.len);
        s->lens[s->n] = (uint32_t)s->x.len;
        if (!s->items[s->n])
            xml_fail(&s->x, ERR_TOO_LARGE, "内存不足", "out of memory");
        s->n++;
        s->x.len = 0;
    }
}

/* ---- the sheet ---- */

struct sheet_parse {
    struct xml_base x;
    struct sheet_builder b;
    struct error *e;
    uint32_t row;     /* the current row's number */
    uint32_t col;     /* the current cell's column */
    int32_t last_col; /* the previous cell's column in this row, -1 at the row's start */
    enum value_type { V_NUMBER, V_SHARED, V_TEXT, V_BOOL, V_ERROR } type; /* the cell's t attribute */
    bool in_row, in_cell;
};

/* Parses "AB12" into a 0-based column and a row number (0 when the reference has no row). */
static bool parse_ref(const char *ref, uint32_t *col, uint32_t *row)
{
    uint64_t c = 0, r = 0;
    size_t i = 0;
    for (; ref[i] >= 'A' && ref[i] <= 'Z'; i++)
        if ((c = c * 26 + (uint64_t)(ref[i] - 'A' + 1)) > 16384)
            return false;
    if (c == 0)
        return false;
    for (; ref[i] >= '0' && ref[i] <= '9'; i++)
        if ((r = r * 10 + (uint64_t)(ref[i] - '0')) > 1048576)
            return false;
    if (ref[i] != '\0')
        return false;
    *col = (uint32_t)(c - 1);
    *row = (uint32_t)r;
    return true;
}

/* t="s" a shared string; "inlineStr", "str" (a formula's text) and "d" (ISO date) text; "b"; "e"; else a number */
static enum value_type cell_type(const char *t)
{
    if (!t)
        return V_NUMBER;
    if (strcmp(t, "s") == 0)
        return V_SHARED;
    if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0 || strcmp(t, "d") == 0)
        return V_TEXT;
    return strcmp(t, "b") == 0 ? V_BOOL : strcmp(t, "e") == 0 ? V_ERROR : V_NUMBER;
}

static void sheet_fail_with(struct sheet_parse *p)
{
    XML_StopParser(p->x.parser, XML_FALSE);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct sheet_parse *p = ud;
    if (!xml_enter(&p->x))
        return;
    const char *n = local_name(name);
    if (strcmp(n, "row") == 0) {
        const char *r = attr(atts, "r");
        uint32_t number = p->row + 1, col;
        if (r) {
            char ref[24];
            snprintf(ref, sizeof(ref), "A%s", r);
            if (!parse_ref(ref, &col, &number) || number == 0) {
                xml_fail(&p->x, ERR_BAD_FILE, "文件已损坏：行号有误", "the file is corrupt: a bad row number");
                return;
            }
        }
        if (sheet_builder_row(&p->b, number, p->e) != 0)
            return sheet_fail_with(p);
        p->row = number;
        p->last_col = -1;
        p->in_row = true;
    } else if (strcmp(n, "c") == 0 && p->in_row) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
        uint32_t col = (uint32_t)(p->last_col + 1), row = p->row;
        if (r && (!parse_ref(r, &col, &row) || (row && row != p->row))) {
            xml_fail(&p->x, ERR_BAD_FILE, "文件已损坏：单元格位置有误", "the file is corrupt: a bad cell reference");
            return;
        }
        p->col = col;
        p->type = cell_type(t);
        p->in_cell = true;
        p->x.len = 0;
        if (p->x.text)
            p->x.text[0] = '\0';
    } else if (p->in_cell && (strcmp(n, "v") == 0 || strcmp(n, "t") == 0)) {
        p->x.collecting = true;
    } else if (strcmp(n, "mergeCell") == 0) {
        const char *ref = attr(atts, "ref"), *colon = ref ? strchr(ref, ':') : NULL;
        char first[24];
        struct merge m;
        if (!colon || (size_t)(colon - ref) >= sizeof(first))
            return;
        memcpy(first, ref, (size_t)(colon - ref));
        first[colon - ref] = '\0';
        if (!parse_ref(first, &m.col1, &m.row1) || !parse_ref(colon + 1, &m.col2, &m.row2) || m.row1 == 0 ||
            m.row2 < m.row1 || m.col2 < m.col1)
            return; /* a merge we cannot read only loses a header label, never a value */
        if (sheet_builder_merge(&p->b, &m, p->e) != 0)
            sheet_fail_with(p);
    }
}

static void finish_cell(struct sheet_parse *p)
{
    const char *text = p->x.text ? p->x.text : "";
    size_t len = p->x.len;
    enum cell_kind kind = CELL_NUMBER;
    if (p->type == V_SHARED) {
        char *end;
        unsigned long long i = strtoull(text, &end, 10);
        if (len == 0 || *end != '\0' || i > UINT32_MAX) {
            xml_fail(&p->x, ERR_BAD_FILE, "文件已损坏：共享字符串编号越界", "the file is corrupt: a shared string index is out of range");
            return;
        }
        /* the shared strings are being read on the other thread: the index stands in until then */
        if (sheet_builder_cell_pending(&p->b, p->col, (uint32_t)i, p->e) != 0)
            sheet_fail_with(p);
        p->last_col = (int32_t)p->col;
        return;
    } else if (p->type == V_TEXT) {
        kind = CELL_TEXT;
    } else if (p->type == V_BOOL) {
        kind = CELL_BOOL;
    } else if (p->type == V_ERROR) {
        kind = CELL_ERROR;
    }
    if (sheet_builder_cell(&p->b, p->col, kind, text, len, p->e) != 0)
        sheet_fail_with(p);
    p->last_col = (int32_t)p->col;
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    struct sheet_parse *p = ud;
    p->x.depth--;
    const char *n = local_name(name);
    if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
        p->x.collecting = false;
    } else if (strcmp(n, "c") == 0 && p->in_cell) {
        p->in_cell = false;
        finish_cell(p);
    } else if (strcmp(n, "row") == 0 && p->in_row) {
        p->in_row = false;
        if (sheet_builder_row_end(&p->b, p->e) != 0)
            sheet_fail_with(p);
    }
}

static int open_zip(const void *data, size_t len, const struct read_limits *limits, struct zipfile *zf,
                    struct error *e)
{
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
    zf->zip = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr) : NULL;
    zip_error_fini(&zerr);
    if (!zf->zip) {
        if (src)
            zip_source_free(src);
        return error_set(e, ERR_BAD_FILE, "file", "文件已损坏或不是 xlsx 文件（无法按 zip 格式打开）",
                         "the file is corrupt or not an xlsx file (it does not open as a zip archive)");
    }
    zf->limits = limits;
    zip_int64_t entries = zip_get_num_entries(zf->zip, 0);
    if (entries < 0 || (uint64_t)entries > limits->entries) {
        zip_discard(zf->zip);
        return error_set(e, ERR_TOO_LARGE, "file", "压缩包内文件超过 %u 个，拒绝读取",
                         "the archive holds more than %u entries: refused", limits->entries);
    }
    return 0;
}

/* Lists the sheets into the message: 没有工作表“X”，文件中的工作表有：A、B. */
static int no_such_sheet(const struct workbook *w, const char *wanted, struct error *e)
{
    char list[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < w->n && used < sizeof(list); i++)
        used += (size_t)snprintf(list + used, sizeof(list) - used, "%s“%s”", i ? "、" : "", w->names[i]);
    return error_set(e, ERR_NO_SHEET, "sheet", "文件中没有工作表“%s”；有：%s", "the file has no sheet \"%s\"; it has: %s",
                     wanted, list);
}

static int read_workbook(struct zipfile *zf, const char *sheet_name, struct arena *a, struct workbook *w,
                         char *part, size_t part_size, size_t *chosen, struct error *e)
{
    w->a = a;
    if (parse_part(zf, "xl/workbook.xml", &w->x, workbook_start, plain_end, true, e) != 0)
        return -1;
    if (w->n == 0)
        return error_set(e, ERR_BAD_FILE, "file", "文件中没有工作表", "the file has no sheets");
    /* by default the first sheet that is shown, as the workbook opens */
    *chosen = 0;
    while (*chosen + 1 < w->n && w->hidden[*chosen])
        ++*chosen;
    if (sheet_name && sheet_name[0]) {
        *chosen = w->n;
        for (size_t i = 0; i < w->n; i++)
            if (strcmp(w->names[i], sheet_name) == 0)
                *chosen = i;
        if (*chosen == w->n)
            return no_such_sheet(w, sheet_name, e);
    }
    struct rels r = {.id = w->rel_ids[*chosen]};
    if (parse_part(zf, "xl/_rels/workbook.xml.rels", &r.x, rels_start, plain_end, true, e) != 0)
        return -1;
    free(r.x.text);
    if (!r.target[0])
        return error_set(e, ERR_BAD_FILE, "file", "文件已损坏：找不到工作表“%s”的内容",
                         "the file is corrupt: the contents of sheet \"%s\" are missing", w->names[*chosen]);
    snprintf(part, part_size, "%s", r.target);
    return 0;
}

/* The shared strings, read on a thread of their own while the sheet is read on the caller's. */
struct sst_reader {
    const void *data;
    size_t len;
    const struct read_limits *limits;
    _Atomic uint64_t *total;
    struct shared_strings sst;
    struct arena arena; /* adopted by the caller's arena when done */
    struct error error;
    int rc;
};

static void *read_shared_strings(void *arg)
{
    struct sst_reader *r = arg;
    struct zipfile zf = {.total = r->total};
    error_clear(&r->error);
    r->sst.a = &r->arena;
    r->rc = open_zip(r->data, r->len, r->limits, &zf, &r->error);
    if (r->rc == 0) {
        r->rc = parse_part(&zf, "xl/sharedStrings.xml", &r->sst.x, sst_start, sst_end, false, &r->error) < 0 ? -1 : 0;
        zip_discard(zf.zip);
    }
    return NULL;
}

/* Puts each shared string where the sheet named it by its index. */
static int resolve_shared(struct sheet *s, const struct shared_strings *sst, struct error *e)
{
    for (size_t r = 0; r < s->n_rows; r++)
        for (uint32_t c = 0; c < s->rows[r].n_cells; c++) {
            struct cell *cell = &s->rows[r].cells[c];
            if (cell->text)
                continue;
            if (cell->len >= sst->n)
                return error_set(e, ERR_BAD_FILE, "file", "文件已损坏：共享字符串编号越界（第 %u 行）",
                                 "the file is corrupt: a shared string index is out of range (row %u)",
                                 s->rows[r].number);
            cell->text = sst->items[cell->len];
            cell->len = sst->lens[cell->len];
        }
    return 0;
}

int xlsx_read(const void *data, size_t len, const char *sheet_name, const struct read_limits *limits,
              struct arena *a, struct sheet *out, struct error *e)
{
    *out = (struct sheet){0};
    _Atomic uint64_t total = 0;
    struct zipfile zf = {.total = &total};
    if (open_zip(data, len, limits, &zf, e) != 0)
        return -1;
    struct workbook *w = calloc(1, sizeof(*w));
    struct sst_reader *sr = calloc(1, sizeof(*sr));
    struct sheet_parse p = {.e = e};
    char part[512];
    size_t chosen = 0;
    int rc = -1;
    pthread_t thread;
    bool threaded = false;
    if (!w || !sr) {
        error_set(e, ERR_TOO_LARGE, "file", "内存不足", "out of memory");
        goto out;
    }
    *sr = (struct sst_reader){.data = data, .len = len, .limits = limits, .total = &total,
                              .arena = {.limit = a->limit}};
    threaded = pthread_create(&thread, NULL, read_shared_strings, sr) == 0;
    if (!threaded)
        read_shared_strings(sr);
    if (read_workbook(&zf, sheet_name, a, w, part, sizeof(part), &chosen, e) != 0) {
        if (e->code == ERR_NO_SHEET) /* the caller lists the sheets there are */
            for (size_t i = 0; i < w->n; i++)
                if (!w->hidden[i])
                    out->names[out->n_names++] = w->names[i];
        goto out;
    }
    out->name = w->names[chosen];
    out->date1904 = w->date1904;
    for (size_t i = 0; i < w->n; i++) /* the sheets one can see, and the one read even if hidden */
        if (!w->hidden[i] || i == chosen)
            out->names[out->n_names++] = w->names[i];
    sheet_builder_init(&p.b, a, limits, out);
    rc = parse_part(&zf, part, &p.x, sheet_start, sheet_end, true, e);
    sheet_builder_release(&p.b);
out:
    if (threaded)
        pthread_join(thread, NULL);
    if (sr) {
        if (rc == 0 && sr->rc != 0) {
            *e = sr->error;
            rc = -1;
        }
        if (rc == 0)
            rc = resolve_shared(out, &sr->sst, e);
        arena_adopt(a, &sr->arena);
        free(sr->sst.x.text);
        free(sr->sst.items);
        free(sr->sst.lens);
        free(sr);
    }
    if (w)
        free(w->x.text);
    free(w);
    free(p.x.text);
    zip_discard(zf.zip);
    return rc;
}
