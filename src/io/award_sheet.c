/*
 * An honour list as .xlsx through the table writer: the list's name as the title row, then the
 * entries in the list's order, numbered. Removed entries are left out, as they are from the notice.
 */
#include "io/award_sheet.h"

#include <stdio.h>

#include "base/decimal.h"
#include "io/table_writer.h"
#include "base/banned.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct column subject_columns[] = {
    {"place", "序号", "No.", NULL, COL_INT, false, false, NULL, NULL, 6, false},
    {"name", "名称", "Name", NULL, COL_TEXT, false, false, NULL, NULL, 36, false},
    {"group_name", "组别", "Group", NULL, COL_TEXT, false, false, NULL, NULL, 16, false},
    {"total", "总分", "Total", NULL, COL_TEXT, false, false, NULL, NULL, 10, false},
    {"rank", "组内名次", "Rank in group", NULL, COL_INT, false, false, NULL, NULL, 10, false},
    {"grade_name", "等次", "Grade", NULL, COL_TEXT, false, false, NULL, NULL, 10, false},
    {"reason", "备注", "Note", NULL, COL_TEXT, false, false, NULL, NULL, 30, false},
};
const struct resource_columns columns_award_subjects = {"award-list", "表彰名单", NULL, subject_columns,
                                                        COUNT(subject_columns)};

static const struct column person_columns[] = {
    {"place", "序号", "No.", NULL, COL_INT, false, false, NULL, NULL, 6, false},
    {"name", "姓名", "Name", NULL, COL_TEXT, false, false, NULL, NULL, 12, false},
    {"unit_name", "单位", "Unit", NULL, COL_TEXT, false, false, NULL, NULL, 30, false},
    {"position", "职务（职称）", "Position", NULL, COL_TEXT, false, false, NULL, NULL, 20, false},
    {"deeds", "主要事迹", "Deeds", NULL, COL_TEXT, false, false, NULL, NULL, 60, false},
};
const struct resource_columns columns_award_persons = {"award-list", "表彰名单", NULL, person_columns,
                                                       COUNT(person_columns)};

int award_sheet_write(const struct award_list *l, const char *path, struct error *e)
{
    bool person = l->list.kind == AWARD_PERSON;
    struct table_writer *w;
    if (table_writer_open(&w, TABLE_XLSX, path, person ? &columns_award_persons : &columns_award_subjects,
                          l->list.name, e) != 0)
        return -1;
    int rc = 0;
    int place = 0;
    for (size_t i = 0; rc == 0 && i < l->n_entries; i++) {
        const struct award_entry_row *x = &l->entries[i];
        if (x->removed)
            continue;
        char no[16], total[DEC_TEXT_MAX], rank[16];
        snprintf(no, sizeof(no), "%d", ++place);
        if (person) {
            const char *values[] = {no, x->name, x->unit_name, x->position, x->deeds};
            rc = table_writer_row(w, values, e);
        } else {
            points_format(x->total, total);
            snprintf(rank, sizeof(rank), "%d", x->rank);
            const char *values[] = {no,
                                    x->name,
                                    x->group_name,
                                    total,
                                    rank,
                                    x->grade_name,
                                    x->source == AWARD_ADDED ? x->reason : NULL};
            rc = table_writer_row(w, values, e);
        }
    }
    int closed = table_writer_close(w, e);
    return rc != 0 ? rc : closed;
}
