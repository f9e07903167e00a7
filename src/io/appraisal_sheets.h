/*
 * The appraisal's spreadsheets (.xlsx, libxlsxwriter): the results as an office prints them (a
 * sheet per group), the notice (通报) in its usual layout, and the data-entry sheet a reporter
 * fills and imports back, with the import's columns (one per field of each indicator, matched by
 * header: the indicator's path and 目标值 / 实际值 / 评分 / 加分 / 扣分 / 否决). Points are written as
 * numbers with two decimals. Text is always a string cell, never a formula.
 */
#ifndef IO_APPRAISAL_SHEETS_H
#define IO_APPRAISAL_SHEETS_H

#include "io/columns.h"
#include "store/store.h"

/* One subject's line of the results. */
struct appr_sheet_row {
    const char *name;
    size_t group; /* index into the groups */
    int rank;
    const int64_t *scores; /* per leaf, hundredths */
    int64_t leaf_sum, bonus, deduction, total;
    const char *grade;
    enum appr_veto veto;
};

struct appr_sheet {
    const char *title; /* the scheme's name */
    const char *note;  /* under the title: which version, or computed now */
    const char *const *groups;
    size_t n_groups;
    const char *const *leaves; /* each leaf's path ("经济发展 / 地区生产总值") */
    size_t n_leaves;
    const struct appr_sheet_row *rows; /* by group, then rank */
    size_t n_rows;
};

/* The indicator's path: its ancestors' names and its own, joined by " / " (arena-owned; NULL: no memory). */
const char *appr_indicator_path(const struct appr_structure *s, size_t i, struct arena *a);

/* The 否决 column's text: "否", "是（不得评为最高等次）", "是（定为最低等次）". */
const char *appr_veto_label(enum appr_veto v);

/*
 * The results: a sheet per group (named after it), each with the title, the note, and the
 * columns 名次, 考核对象, each leaf's score, 指标得分合计, 加分, 扣分, 总分, 等次, 否决.
 */
int appr_results_sheet_write(const struct appr_sheet *s, const char *path, struct error *e);

/* A list printed after the results (the honour lists): a heading, its columns and rows of text. */
struct appr_notice_list {
    const char *title;
    const char *const *headers;
    size_t n_columns;
    const char *const *cells; /* n_rows × n_columns, row by row; NULL cells are empty */
    size_t n_rows;
};

struct appr_notice {
    const char *title;          /* the notice's title (the scheme's notice_title, or its name) */
    const char *issuing_office; /* 落款: the office, under the text, and the date */
    const char *date;           /* "2031年3月5日" */
    const char *version_note;   /* "（第 2 版）" or "" */
    const struct appr_sheet *results;
    const struct appr_notice_list *lists; /* after the results; may be none */
    size_t n_lists;
};

/*
 * The notice, one sheet 通报: the title, a line addressed to the units, the results of each group
 * in turn (一、…组: 名次, 考核对象, 总分, 等次), then each list, and the issuing office and date
 * at the bottom right, as a printed notice ends.
 */
int appr_notice_write(const struct appr_notice *n, const char *path, struct error *e);

/* ---- the data-entry sheet and its import */

enum appr_data_field {
    APPR_FIELD_SUBJECT,
    APPR_FIELD_TARGET,
    APPR_FIELD_ACTUAL,
    APPR_FIELD_RATINGS,
    APPR_FIELD_BONUS,
    APPR_FIELD_DEDUCTION,
    APPR_FIELD_VETO,
};

struct appr_data_columns {
    struct resource_columns rc;  /* keys "subject", "<indicator id>.target", ".actual", … */
    enum appr_data_field *field; /* per column */
    size_t *indicator;           /* per column: the index in the structure's indicators (0 for the subject) */
    bool *in_template; /* per column: written in the template (a target only where the method uses it) */
};

#define APPR_DATA_COLUMNS_MAX 256

/*
 * The columns of a scheme's data sheet (arena-owned): 考核对象, then for each leaf 目标值 and 实际值
 * (a survey: 评分, ratings separated by 、 or ,), each bonus node 加分, each deduction 扣分 and each
 * veto 否决 (是/否). ERR_TOO_LARGE beyond APPR_DATA_COLUMNS_MAX.
 */
int appr_data_columns_make(const struct appr_structure *s, struct arena *a, struct appr_data_columns *out,
                           struct error *e);

/*
 * The data sheet of the subjects of s (its subjects as read with the caller's scope), each row
 * filled with data[i], the stored data of s->subjects[i]: a title, a two-row header (the
 * indicator's path over its fields), a 是/否 list on the vetoes and a sheet 说明.
 */
int appr_data_template_write(const struct appr_structure *s, const struct appr_data_columns *c,
                             const struct appr_subject_data *data, const char *path, struct error *e);

#endif
