#!/usr/bin/python3
"""Writes a units sheet of N rows and 20 columns (.xlsx through openpyxl, or .csv), for the
import benchmark: 6 columns the import reads, 14 it ignores (as a real sheet has: 序号, 备注, …).
Every 100th row is a town; the others are departments under the town before them.

usage: bench/gen_sheet.py ROWS OUT.xlsx|OUT.csv
"""
import csv
import sys

rows, out = int(sys.argv[1]), sys.argv[2]
header = ["序号", "单位编码", "单位名称", "单位类型", "上级单位编码", "行政区划代码", "排序号"] + [f"备注{i}" for i in range(1, 14)]


def data():
    town = None
    for i in range(1, rows + 1):
        code = f"B{i:07d}"
        if i % 100 == 1:
            town, kind, parent = code, "镇", None
        else:
            kind, parent = "部门", town
        yield [i, code, f"测试单位{i}", kind, parent, None, i % 1000] + [f"说明文字{i % 97}" for _ in range(13)]


if out.endswith(".csv"):
    with open(out, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in data():
            w.writerow(["" if v is None else v for v in r])
else:
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("单位")
    ws.append(["基准测试单位表"])
    ws.append(header)
    for r in data():
        ws.append(r)
    wb.save(out)
