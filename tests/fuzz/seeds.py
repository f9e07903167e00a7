#!/usr/bin/python3
"""Writes the fuzz targets' seed corpora into OUT/<target>/ (usage: seeds.py OUT).

Seeds are made here, not committed: small workbooks written by openpyxl (Debian's
python3-openpyxl, a different writer from ours), their XML parts for fuzz_xml, CSV files in each
encoding the reader takes, and amounts and dates as people type them for fuzz_value.
"""
import io
import os
import sys
import zipfile

import openpyxl

out = sys.argv[1]
for target in ("fuzz_xlsx", "fuzz_xml", "fuzz_csv", "fuzz_value", "fuzz_benchmark"):
    os.makedirs(os.path.join(out, target), exist_ok=True)


def write(target, name, data):
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)


def workbook(build, date1904=False):
    wb = openpyxl.Workbook()
    if date1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    build(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def units(wb):
    ws = wb.active
    ws.title = "单位"
    ws.append(["2020年单位名单"])
    ws.merge_cells("A1:F1")
    ws.append(["单位编码", "单位名称", "单位类型", "上级单位编码", "行政区划代码", "排序号"])
    ws.append(["TOWN-01", "示例镇", "镇", "", "330100", 10])
    ws.append(["DEPT-02", "发改委", "部门", "TOWN-01", None, 20.0])
    ws.append(["合计", None, None, None, None, 30])
    ws.append(["注：本表由办公室填报"])


def projects(wb):
    import datetime
    ws = wb.active
    ws.append(["重大项目推进情况表"])
    ws.append(["项目", "投资", None, "开工日期"])
    ws.append(["", "总投资（万元）", "计划总投资", ""])
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:C2")
    ws.merge_cells("D2:D3")
    ws.append(["示例项目", 1234.56, "1,000", datetime.date(2020, 3, 9)])
    ws.append(["项目二", "=1+1", 0.30000000000000004, "2020年3月9日"])
    ws.append(["项目三", True, "#N/A", 43899.5])
    ws["B6"].value = 2
    ws2 = wb.create_sheet("第二页")
    ws2.append(["用户名", "姓名", "角色", "已停用"])
    ws2.append(["zhang.san", "张三", "填报员", "否"])


def users(wb):
    ws = wb.active
    ws.title = "用户"
    ws.append(["账号", "用户姓名", "用户角色", "所属单位", "是否停用"])
    ws.append(["li.si", "李四", "领导", "TOWN-01", "是"])
    ws.append(["=cmd", "+x", "-1", "@a", "\t"])


def shared_strings_workbook():
    """openpyxl writes inline strings: this one, zipped by hand, has shared strings as Excel writes
    them (rich-text runs, a phonetic reading) and the 1904 date system."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": f'<workbook {ns} xmlns:r="{rel}"><workbookPr date1904="1"/><sheets>'
        '<sheet name="单位" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst {ns} count="6" uniqueCount="6"><si><t>单位编码</t></si><si><t>单位名称</t></si>'
        '<si><r><rPr><b/></rPr><t>单位</t></r><r><t xml:space="preserve">类型 </t></r></si>'
        '<si><t>示例镇</t><rPh sb="0" eb="1"><t>shi</t></rPh></si><si><t>镇</t></si><si><t>创建时间</t></si></sst>',
        "xl/worksheets/sheet1.xml": f'<worksheet {ns}><sheetData>'
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c>'
        '<c r="D2" t="s"><v>5</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>TOWN-01</t></is></c><c r="B3" t="s"><v>3</v></c>'
        '<c r="C3" t="s"><v>4</v></c><c r="D3"><v>43899.25</v></c><c r="E3" t="b"><v>1</v></c>'
        '<c r="F3" t="e"><v>#N/A</v></c></row>'
        '<row r="4"><c r="A4" t="str"><f>"合"&amp;"计"</f><v>合计</v></c></row>'
        '</sheetData><mergeCells count="1"><mergeCell ref="A1:D1"/></mergeCells></worksheet>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return buf.getvalue()


def zip_bomb():
    """A sheet of 2 MiB that deflates to a few KiB: refused for its compression ratio."""
    parts = {
        "xl/workbook.xml": '<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": "<worksheet>" + " " * (2 << 20) + "</worksheet>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return buf.getvalue()


seeds = {
    "zip_bomb.xlsx": zip_bomb(),
    "shared_strings.xlsx": shared_strings_workbook(),
    "units.xlsx": workbook(units),
    "projects.xlsx": workbook(projects),
    "users_1904.xlsx": workbook(users, date1904=True),
}
for name, data in seeds.items():
    write("fuzz_xlsx", name, data)
    if name == "zip_bomb.xlsx":
        continue  # its 2 MiB sheet would make fuzz_xml's inputs that long
    # the XML parts for fuzz_xml: the first byte says which part the rest is
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for selector, part in enumerate(
            ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"]
        ):
            if part in z.namelist():
                write("fuzz_xml", f"{name}.{selector}.xml", bytes([ord("0") + selector]) + z.read(part))

# hostile and broken XML for fuzz_xml, each one path the reader must refuse cleanly
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
laughs = "".join(f'<!ENTITY l{i} "&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};">' for i in range(1, 10))
hostile = {
    "billion_laughs": f'0<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "lol">{laughs}]>'
    f'<worksheet {ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData></worksheet>',
    "external_entity": '1<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f"<sst {ns}><si><t>&x;</t></si></sst>",
    "deep": "0<worksheet><sheetData><row r=\"1\">" + "<c>" * 100 + "</c>" * 100 + "</row></sheetData></worksheet>",
    "rows_backwards": '0<worksheet><sheetData><row r="5"><c r="A5"><v>1</v></c></row>'
    '<row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>',
    "cells_backwards": '0<worksheet><sheetData><row r="1"><c r="C1"><v>1</v></c><c r="A1"><v>2</v></c></row>'
    "</sheetData></worksheet>",
    "huge_refs": '0<worksheet><sheetData><row r="1048576"><c r="XFD1048576" t="s"><v>999999999999</v></c>'
    '<c r="XFE1048576"><v>1</v></c></row><row r="1048577"/></sheetData>'
    '<mergeCells><mergeCell ref="A1:XFD1048576"/><mergeCell ref="B2:A1"/><mergeCell ref=":"/></mergeCells></worksheet>',
    "cdata_and_refs": '0<worksheet><sheetData><row><c t="inlineStr"><is><t><![CDATA[单位编码]]></t></is></c>'
    '<c t="str"><v>&#x5355;&#20301;&#21517;&#31216;</v></c><c t="b"><v>1</v></c><c t="e"><v>#DIV/0!</v></c>'
    '<c t="d"><v>2020-03-09T00:00:00</v></c></row></sheetData></worksheet>',
    "many_sheets": "2<workbook xmlns:r=\"r\"><sheets>"
    + "".join(f'<sheet name="S{i}" r:id="rId{i}"/>' for i in range(70))
    + "</sheets></workbook>",
    "rels_absolute": '3<Relationships><Relationship Id="rId1" Target="/xl/worksheets/sheet1.xml"/>'
    '<Relationship Id="rId1" Target="../../../../etc/passwd"/></Relationships>',
    "not_utf8": '1<?xml version="1.0" encoding="GB2312"?><sst><si><t>\u5355</t></si></sst>',
}
for name, text in hostile.items():
    write("fuzz_xml", name + ".xml", text.encode("utf-8"))
# the units sheet again with a tight arena (first byte: bit 3 set, 8 KiB times 1 + bits 4-7)
with zipfile.ZipFile(io.BytesIO(seeds["units.xlsx"])) as z:
    sheet = z.read("xl/worksheets/sheet1.xml")
for i, selector in enumerate([0x08, 0x18, 0x38, 0x78]):
    write("fuzz_xml", f"tight_arena{i}.xml", bytes([selector]) + sheet)

csv_text = (
    "2020年单位名单\r\n"
    "单位编码,单位名称,单位类型,排序号,总投资（万元）,开工日期\r\n"
    'TOWN-01,"示例镇, 东区",镇,10,"1,234.56",2020/3/9\r\n'
    'DEPT-02,"发改委 ""新""",部门,20.0,1.5E+3,2020.3.9\n'
    "合计,,,30,,\n"
)
write("fuzz_csv", "utf8.csv", csv_text.encode("utf-8"))
write("fuzz_csv", "utf8_bom.csv", b"\xef\xbb\xbf" + csv_text.encode("utf-8"))
write("fuzz_csv", "gb18030.csv", csv_text.encode("gb18030"))
write("fuzz_csv", "utf16le_tabs.txt", b"\xff\xfe" + csv_text.replace(",", "\t").encode("utf-16-le"))
write("fuzz_csv", "utf16be.csv", b"\xfe\xff" + csv_text.encode("utf-16-be"))
write("fuzz_csv", "users.csv", "用户名,姓名,角色,所属单位编码,已停用\nwang.wu,王五,考核办,,否\n".encode("utf-8"))

# fuzz_value: the first byte's value picks the unit (mod 3) and the date system (bit 2)
for i, text in enumerate(
    ["1,234.56", "-0.005", "1.5E+3", "0.30000000000000004", "99999999999999999", "2020-03-09", "2020/3/9",
     "2020.3.9", "2020年3月9日", "2020年3月", "2020.3", "43899.5", "90.0", "　总投资（万元）*\n", "【Ａ】"]
):
    write("fuzz_value", f"seed{i}", bytes([i % 8]) + text.encode("utf-8"))

# benchmarking's layouts: wide (a title, 城市 and years) and long
write("fuzz_benchmark", "wide.csv", "表 1 地区生产总值\n城市,2023,2024年\n苏州市,\"24,653.4\",—\n无锡市,1.5E+3,-\n合计,1,2\n注：当年价格\n".encode("utf-8"))
write("fuzz_benchmark", "long.csv", "城市,指标,年份,季度,数值,来源,备注\n苏州,gdp,2024,Q1,6200.1,年鉴,\n320500,R&D经费支出占GDP比重,2024年,上半年,3.6%,,初步\n".encode("utf-8"))
