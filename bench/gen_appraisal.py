#!/usr/bin/env python3
"""bench/gen_appraisal.py — SQL for the sqlite3 CLI that adds a province-sized appraisal scheme.

    python3 bench/gen_appraisal.py [--subjects 3000] [--leaves 300] [--groups 10] [--seed 1] | sqlite3 -bail DB

DB is a database made by `pacesetter demo --no-serve`. Adds SUBJECTS units (kind other, top level,
codes BENCH-00001…) and one open scheme of the year 2030 (绩效管理, "基准测试方案") over them: GROUPS
groups of equal size, an indicator tree of LEAVES / 10 nodes with ten leaves each (methods mixed
as a province would: 40% ratio, 15% rank, 15% efficacy, 10% band, 10% check, 10% survey), a bonus
and a deduction node, a veto, four grades; every subject's data accepted: a value for every leaf
(SUBJECTS × LEAVES rows; survey leaves with seven ratings), a bonus or deduction item for one
subject in five, a veto for one in a hundred. Rows are written as the store writes them
(src/store/appraisal_structure.c, appraisal_data.c): decimals as integers × 10^6, points as
hundredths, bands as "threshold:factor;…", ratings joined by ','. The scheme's id is printed on
stderr.
"""
import argparse
import random
import sys

D = 1_000_000  # a decimal's scale
NOW = "2030-01-15T08:00:00Z"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=3000)
    ap.add_argument("--leaves", type=int, default=300)
    ap.add_argument("--groups", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    out = sys.stdout.write
    tenant, unit0, scheme = 1, 100000, 1000
    out("BEGIN;\n")
    # units
    for i in range(a.subjects):
        uid = unit0 + i
        out(f"INSERT INTO units (tenant_id, id, parent_id, code, name, kind, division_code, sort_order, child_count,"
            f" created_at, updated_at, path) VALUES ({tenant}, {uid}, NULL, 'BENCH-{i + 1:05d}', '基准单位{i + 1:05d}',"
            f" 'other', NULL, {100000 + i}, 0, '{NOW}', '{NOW}', '/{uid}/');\n")
    out(f"INSERT INTO appraisal_schemes (tenant_id, id, year, kind_id, name, subject_type, state, revision, bonus_cap,"
        f" deduction_cap, appeal_days, issuing_office, notice_title, created_at, updated_at) VALUES ({tenant}, {scheme},"
        f" 2030, 1, '基准测试方案', 'unit', 'open', 1, 500, 1000, 7, '基准测试', '基准测试方案通报', '{NOW}', '{NOW}');\n")
    group0 = 10000
    for g in range(a.groups):
        out(f"INSERT INTO appraisal_groups (tenant_id, id, scheme_id, name, sort_order) VALUES ({tenant}, {group0 + g},"
            f" {scheme}, '第{g + 1}组', {g});\n")
    subject0 = 200000
    for i in range(a.subjects):
        out(f"INSERT INTO appraisal_subjects (tenant_id, id, scheme_id, group_id, unit_id, enterprise_id, sort_order,"
            f" state, comment, updated_at) VALUES ({tenant}, {subject0 + i}, {scheme}, {group0 + i % a.groups},"
            f" {unit0 + i}, NULL, {i}, 'accepted', '', '{NOW}');\n")
    # the indicator tree: nodes of ten leaves, then bonus, deduction and a veto
    ind, order, leaves = 500000, 0, []
    methods = ["ratio"] * 8 + ["rank"] * 3 + ["efficacy"] * 3 + ["band"] * 2 + ["check"] * 2 + ["survey"] * 2
    cols = ("tenant_id, id, scheme_id, parent_id, sort_order, name, kind, full_marks, method, direction, cap,"
            " floor_value, step, min_score, base, disallowed, satisfactory, bands, trim_count, veto_mode")
    for n in range(a.leaves // 10):
        node = ind
        ind += 1
        out(f"INSERT INTO appraisal_indicators ({cols}) VALUES ({tenant}, {node}, {scheme}, NULL, {order},"
            f" '指标组{n + 1}', 'node', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);\n")
        order += 1
        for k in range(10):
            m = methods[rnd.randrange(len(methods))]
            lower = rnd.random() < 0.2 and m in ("ratio", "rank", "efficacy")
            cap, floor_v, step, minimum, base, bands = D, "NULL", "NULL", 0, 600000, "NULL"
            if m == "ratio":
                cap = 1200000
                floor_v = "500000"
            if m == "rank":
                minimum = 10
            if m == "band":
                bands = f"'{95 * D}:{D};{85 * D}:800000;{70 * D}:600000'"
            out(f"INSERT INTO appraisal_indicators ({cols}) VALUES ({tenant}, {ind}, {scheme}, {node}, {order},"
                f" '指标{n + 1}-{k + 1}', 'leaf', 33, '{m}', '{'lower' if lower else 'higher'}', {cap}, {floor_v},"
                f" {step}, {minimum}, {base}, NULL, NULL, {bands}, -1, NULL);\n")
            leaves.append((ind, m))
            ind += 1
            order += 1
    bonus, deduction, veto = ind, ind + 1, ind + 2
    for iid, name, kind, mode in ((bonus, '加分', 'bonus', 'NULL'), (deduction, '扣分', 'deduction', 'NULL'),
                                  (veto, '否决', 'veto', "'bar_top'")):
        out(f"INSERT INTO appraisal_indicators ({cols}) VALUES ({tenant}, {iid}, {scheme}, NULL, {order}, '{name}',"
            f" '{kind}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, {mode});\n")
        order += 1
    for place, (name, mn, quota) in enumerate((("优秀", 9000, 200000), ("良好", 8000, "NULL"), ("合格", 6000, "NULL"),
                                               ("不合格", "NULL", "NULL"))):
        out(f"INSERT INTO appraisal_grades (tenant_id, scheme_id, place, name, min_score, quota) VALUES ({tenant},"
            f" {scheme}, {place}, '{name}', {mn}, {quota});\n")
    # data: one row per subject and leaf, in statements of 500 rows
    rows = []

    def flush():
        if rows:
            out("INSERT INTO appraisal_values (tenant_id, scheme_id, subject_id, indicator_id, target, actual, ratings,"
                " note) VALUES " + ",".join(rows) + ";\n")
            rows.clear()

    for i in range(a.subjects):
        sid = subject0 + i
        strength = rnd.random()
        for iid, m in leaves:
            if m == "check":
                t, v, r = "NULL", str(D if rnd.random() < 0.9 else 0), "NULL"
            elif m == "survey":
                ratings = ",".join(str((70 + int(strength * 20) + rnd.randrange(10)) * D) for _ in range(7))
                t, v, r = "NULL", "NULL", f"'{ratings}'"
            else:
                t = str(100 * D)
                v = str(int((60 + strength * 40 + rnd.random() * 20) * D))
                r = "NULL"
            rows.append(f"({tenant},{scheme},{sid},{iid},{t},{v},{r},'')")
            if len(rows) == 500:
                flush()
        if rnd.random() < 0.01:
            rows.append(f"({tenant},{scheme},{sid},{veto},NULL,{D},NULL,'')")
    flush()
    item = 900000
    for i in range(a.subjects):
        if rnd.random() < 0.2:
            out(f"INSERT INTO appraisal_items (tenant_id, id, scheme_id, subject_id, indicator_id, points, reason)"
                f" VALUES ({tenant}, {item}, {scheme}, {subject0 + i}, {bonus if rnd.random() < 0.5 else deduction},"
                f" {rnd.randrange(1, 6) * 100}, '基准');\n")
            item += 1
    for name, nxt in (("units", unit0 + a.subjects), ("appraisal_schemes", scheme + 1), ("appraisal_groups", group0 + a.groups),
                      ("appraisal_subjects", subject0 + a.subjects), ("appraisal_indicators", ind + 3),
                      ("appraisal_items", item)):
        out(f"INSERT INTO id_sequences (tenant_id, name, next_id) VALUES ({tenant}, '{name}', {nxt})"
            f" ON CONFLICT (tenant_id, name) DO UPDATE SET next_id = max(next_id, excluded.next_id);\n")
    out("COMMIT;\n")
    print(scheme, file=sys.stderr)


if __name__ == "__main__":
    main()
