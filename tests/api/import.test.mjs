// POST /api/v1/units/import and /api/v1/users/import (issue 5): sheets as government staff make them, written by other
// programs than ours (openpyxl, Python's zipfile, LibreOffice; tests/fixtures/make_sheets.py
// writes them into a temporary folder when this file loads), and hostile files. Each test
// names one behaviour; a refused import must leave the units and the operation log unchanged.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopAndCheck, assertError, REPO_ROOT, DEMO_PASSWORD, BIN, newDatabase, removeDatabase } from './server.mjs';

const IMPORT = '/api/v1/units/import';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PYTHON = '/usr/bin/python3'; // Debian's, with python3-openpyxl

/** Runs make_sheets.py once; { dir } or { error } (then the fixture tests are skipped). */
function makeFixtures() {
  const dir = mkdtempSync(join(tmpdir(), 'pacesetter-sheets-'));
  const r = spawnSync(PYTHON, [join(REPO_ROOT, 'tests', 'fixtures', 'make_sheets.py'), dir],
    { encoding: 'utf8', timeout: 180000 });
  if (r.error || r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { error: `make_sheets.py failed (is python3-openpyxl installed?): ${r.error?.message || r.stderr}` };
  }
  return { dir };
}
const FIX = makeFixtures();
const needs = FIX.error ? { skip: FIX.error } : {};
const fixture = (name) => readFileSync(join(FIX.dir, name));

let srv;
before(async () => { srv = await startServer({ data: 'demo' }); });
after(async () => {
  await stopAndCheck(srv);
  if (FIX.dir) rmSync(FIX.dir, { recursive: true, force: true });
});

/** A multipart/form-data body holding `data` as the part "file" (and a text part before it). */
function multipart(data, filename) {
  const boundary = `----pacesetter${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n'),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Uploads a fixture (a name) or bytes (a Buffer or string) to the import.
 * query: extra query text ("sheet=…" is encoded here); as: the client (default the demo admin);
 * raw: a Content-Type to send the bytes with instead of multipart.
 */
async function upload(file, { dryRun, sheet, as = srv, raw, csrf, name } = {}) {
  const data = typeof file === 'string' && !file.includes('\n') ? fixture(file) : Buffer.from(file);
  const q = [];
  if (dryRun !== undefined) q.push(`dry_run=${dryRun}`);
  if (sheet !== undefined) q.push(`sheet=${encodeURIComponent(sheet)}`);
  const path = IMPORT + (q.length ? `?${q.join('&')}` : '');
  const opts = {};
  if (csrf !== undefined) opts.csrf = csrf;
  if (raw) return as.request('POST', path, { ...opts, body: data, headers: { 'Content-Type': raw } });
  const m = multipart(data, name || (typeof file === 'string' && !file.includes('\n') ? file : 'upload.csv'));
  return as.request('POST', path, { ...opts, body: m.body, headers: { 'Content-Type': m.type } });
}

const auditTotal = async () => {
  const r = await srv.get('/api/v1/audit?page_size=1');
  assert.equal(r.status, 200, r.text);
  return r.json.total;
};
/** The units and the operation log's length, to compare before and after a refused import. */
const snapshot = async () => ({ units: await srv.listUnits(), audit: await auditTotal() });
async function assertNothingWritten(before) {
  assert.deepEqual(await srv.listUnits(), before.units, 'no unit may change');
  assert.equal(await auditTotal(), before.audit, 'the operation log must not grow');
}
/** The units whose code starts with prefix, by code. */
async function unitsCoded(prefix) {
  const out = {};
  for (const u of await srv.listUnits()) if (u.code.startsWith(prefix)) out[u.code] = u;
  return out;
}
function ok(r) {
  assert.equal(r.status, 200, `${r.status} ${r.text.slice(0, 1500)}`);
  return r.json;
}
const cellKey = (c) => `${c.row}${c.column}`;
const CELL_KEYS = ['column', 'header', 'reason_en', 'reason_zh', 'row', 'sheet', 'value'];
/** A 422 invalid_rows: the error shape plus cells_total and cells (each with exactly CELL_KEYS). */
function assertInvalidRows(r) {
  const ctx = `${r.status} ${r.text.slice(0, 500)}`;
  assert.equal(r.status, 422, ctx);
  assert.match(r.headers['content-type'] || '', /^application\/json/i);
  assert.deepEqual(Object.keys(r.json), ['error']);
  const e = r.json.error;
  assert.equal(e.code, 'invalid_rows', ctx);
  assert.deepEqual(Object.keys(e).sort(), ['cells', 'cells_total', 'code', 'message', 'message_en', 'message_zh', 'sheet', 'sheets'], ctx);
  assert.ok(e.sheets.includes(e.sheet), `the sheet read is among the sheets: ${ctx}`);
  for (const k of ['message', 'message_zh', 'message_en']) assert.ok(e[k].length > 0, k);
  assert.ok(Number.isInteger(e.cells_total) && e.cells_total >= e.cells.length && e.cells.length > 0, ctx);
  for (const c of e.cells) assert.deepEqual(Object.keys(c).sort(), CELL_KEYS, JSON.stringify(c));
  return e;
}

describe('sheets as people make them (xlsx by openpyxl)', needs, () => {
  test('title rows above the header, empty rows and trailing empty columns are passed over; total rows (合计, 总计) are skipped and listed', async () => {
    const audit = await auditTotal();
    const j = ok(await upload('title_rows.xlsx'));
    assert.equal(j.dry_run, false);
    assert.equal(j.sheet, '单位');
    assert.deepEqual(j.sheets, ['单位']);
    assert.equal(j.header_row, 3, 'the header is under the merged title and the second title row');
    assert.equal(j.rows, 4);
    assert.deepEqual([j.created, j.updated, j.unchanged], [4, 0, 0]);
    assert.deepEqual(j.columns.map((c) => [c.field, c.column, c.header]), [
      ['code', 'A', '单位编码'], ['name', 'B', '单位名称'], ['kind', 'C', '单位类型'],
      ['parent_code', 'D', '上级单位编码'], ['division_code', 'E', '行政区划代码'], ['sort_order', 'F', '排序号']]);
    assert.deepEqual(j.skipped.map((s) => [s.row, s.reason_en]), [[10, 'total row'], [11, 'total row']]);
    for (const s of j.skipped) assert.ok(s.reason_zh.length > 0);
    assert.deepEqual(j.preview.map((p) => [p.row, p.action]), [[4, 'create'], [5, 'create'], [6, 'create'], [9, 'create']]);
    const u = await unitsCoded('TR-');
    assert.deepEqual(Object.keys(u).sort(), ['TR-CHILD', 'TR-DEPT', 'TR-PARK', 'TR-TOWN']);
    assert.equal(u['TR-TOWN'].name, '标题测试镇');
    assert.equal(u['TR-TOWN'].kind, 'town');
    assert.equal(u['TR-TOWN'].division_code, '320582');
    assert.equal(u['TR-TOWN'].sort_order, 10);
    assert.equal(u['TR-PARK'].kind, 'park');
    assert.equal(u['TR-CHILD'].kind, 'other');
    assert.equal(await auditTotal(), audit + 4, 'one operation-log entry per unit created');
  });

  test('a parent given by code in a later row of the same sheet is created first and linked', async () => {
    const u = await unitsCoded('TR-');
    assert.equal(u['TR-CHILD'].parent_id, u['TR-TOWN'].id, 'row 4 names TR-TOWN of row 5 as its parent');
    assert.equal(u['TR-TOWN'].child_count, 1);
    assert.equal(u['TR-DEPT'].parent_id, null);
  });

  test('importing the same sheet again changes nothing and duplicates nothing (matched by code)', async () => {
    const before = await snapshot();
    const j = ok(await upload('title_rows.xlsx'));
    assert.deepEqual([j.created, j.updated, j.unchanged], [0, 0, 4]);
    assert.deepEqual(j.preview.map((p) => p.action), ['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    await assertNothingWritten(before);
  });

  test('a changed row updates its unit by code; the others stay unchanged', async () => {
    const before = await unitsCoded('TR-');
    const audit = await auditTotal();
    const j = ok(await upload('title_rows_renamed.xlsx'));
    assert.deepEqual([j.created, j.updated, j.unchanged], [0, 1, 3]);
    assert.deepEqual(j.preview.map((p) => [p.row, p.action]), [[4, 'unchanged'], [5, 'unchanged'], [6, 'update'], [9, 'unchanged']]);
    const now = await unitsCoded('TR-');
    assert.equal(now['TR-DEPT'].id, before['TR-DEPT'].id, 'the same unit, not a new one');
    assert.equal(now['TR-DEPT'].name, '标题测试局（更名）');
    assert.equal(Object.keys(now).length, 4);
    assert.equal(await auditTotal(), audit + 1);
  });

  test('notes under the data (注：…, 填表人：… 联系电话：…) are skipped when a 序号 column comes first', async () => {
    const j = ok(await upload('notes.xlsx', { dryRun: true, sheet: '序号在首列' }));
    assert.equal(j.rows, 2);
    assert.deepEqual(j.skipped.map((s) => [s.row, s.reason_en]), [[5, 'a note under the table'], [6, 'a note under the table']]);
  });

  test('notes under the data (注：…, 填表人：…) are skipped when the unit code is the first column', async () => {
    const j = ok(await upload('notes.xlsx', { dryRun: true, sheet: '编码在首列' }));
    assert.equal(j.rows, 2);
    assert.deepEqual(j.skipped.map((s) => [s.row, s.reason_en]), [[5, 'a note under the table'], [6, 'a note under the table']]);
  });

  test('a two-row header: "单位信息" merged over 单位编码/单位名称, 单位类型 and 排序号 merged down', async () => {
    const j = ok(await upload('two_row_header.xlsx'));
    assert.equal(j.header_row, 2, 'the header starts in row 2, under the merged title');
    assert.deepEqual(j.columns.map((c) => [c.field, c.column, c.header]), [
      ['code', 'A', '单位编码'], ['name', 'B', '单位名称'], ['kind', 'C', '单位类型'], ['sort_order', 'D', '排序号']]);
    assert.deepEqual(j.preview.map((p) => p.row), [4, 5], 'data starts under both header rows');
    assert.deepEqual([j.created, j.updated, j.unchanged], [2, 0, 0]);
    const u = await unitsCoded('TH-');
    assert.equal(u['TH-01'].name, '两行表头一镇');
    assert.equal(u['TH-01'].kind, 'town');
    assert.equal(u['TH-02'].sort_order, 6);
  });

  for (const [file, cols] of [['two_row_parent_last.xlsx', ['A', 'B', 'C', 'D']], ['two_row_parent_first.xlsx', ['C', 'D', 'E', 'A']]]) {
    test(`a two-row header with "上级单位" merged over 编码/名称 reads 编码 there as the parent's code (${file})`, async () => {
      const j = ok(await upload(file, { dryRun: true }));
      assert.equal(j.header_row, 1);
      const byField = Object.fromEntries(j.columns.map((c) => [c.field, c.column]));
      assert.deepEqual([byField.code, byField.name, byField.kind, byField.parent_code], cols);
      assert.deepEqual(j.preview.map((p) => p.row), [3, 4], 'row 2 is the header\'s second row, not data');
      const p = file.includes('first') ? 'PF' : 'PL';
      assert.equal(j.preview[1].values.code, `${p}-02`);
      assert.equal(j.preview[1].values.parent_code, `${p}-01`);
    });
  }

  test('headers by synonym, with spaces, a required-column star and full-width brackets; numbers in text columns read as typed', async () => {
    const j = ok(await upload('synonyms.xlsx'));
    assert.deepEqual(j.columns.map((c) => [c.field, c.column, c.header]), [
      ['code', 'B', '*单 位 编 码'], ['name', 'C', '单位名称（全称）'], ['kind', 'D', '类别'],
      ['parent_code', 'F', '上级单位'], ['division_code', 'E', '区划代码'], ['sort_order', 'A', '显示顺序']]);
    assert.deepEqual([j.created, j.updated, j.unchanged], [3, 0, 0]);
    const u = await unitsCoded('');
    assert.equal(u['101'].name, '同义表头一号单位', 'the number 101 is the code "101"');
    assert.equal(u['101'].kind, 'subdistrict');
    assert.equal(u['101'].division_code, '320582', 'the number 320582 is the division code');
    assert.equal(u['101'].sort_order, 7);
    assert.equal(u['SY-02'].parent_id, u['101'].id, 'the parent code given as the number 101');
    assert.equal(u['SY-02'].kind, 'department', 'a kind given by its English value');
    assert.equal(u['SY-03'].kind, 'park', 'English values in any case');
  });

  test('several sheets: the first by default, another by ?sheet=, an unknown name lists the sheets', async () => {
    const before = await snapshot();
    const first = await upload('several_sheets.xlsx');
    assertError(first, 422, 'no_header', 'file');
    assert.match(first.json.error.message_zh, /填表说明/);
    assert.match(first.json.error.message_zh, /单位编码/);
    assert.equal(first.json.error.sheet, '填表说明', 'the sheet read');
    assert.deepEqual(first.json.error.sheets, ['填表说明', '单位', 'Other'], 'the sheets to pick another from');
    const wrong = await upload('several_sheets.xlsx', { sheet: '不存在' });
    assertError(wrong, 422, 'no_sheet', 'sheet');
    for (const s of ['不存在', '填表说明', '单位', 'Other']) assert.ok(wrong.json.error.message_zh.includes(s), s);
    assert.deepEqual(wrong.json.error.sheets, ['填表说明', '单位', 'Other'], 'the sheets there are');
    await assertNothingWritten(before);
    const j = ok(await upload('several_sheets.xlsx', { sheet: '单位' }));
    assert.equal(j.sheet, '单位');
    assert.deepEqual(j.sheets, ['填表说明', '单位', 'Other']);
    assert.deepEqual([j.created, j.updated, j.unchanged], [2, 0, 0]);
    const u = await unitsCoded('MS-');
    assert.deepEqual(Object.keys(u).sort(), ['MS-01', 'MS-02'], 'nothing from the sheet "Other"');
  });
});

describe('cells as other writers store them (hand-made xlsx, LibreOffice)', needs, () => {
  test('shared strings with rich-text runs, inline strings, formulas (cached values), t="str", booleans, t="d", 102.0, cells without r, a 1904 workbook', async () => {
    const j = ok(await upload('cell_kinds.xlsx'));
    assert.equal(j.sheet, '类型');
    assert.deepEqual(j.preview.map((p) => p.row), [2, 3, 4, 6]);
    assert.deepEqual(j.preview.map((p) => p.values), [
      { code: 'CK-01', name: '共享富文本镇', kind: 'town', parent_code: null, division_code: null, sort_order: 15 },
      { code: 'CK-02', name: '公式字符串局', kind: 'department', parent_code: 'CK-01', division_code: null, sort_order: null },
      { code: '102', name: '无位置单元格', kind: 'other', parent_code: null, division_code: '320582', sort_order: 4 },
      { code: 'CK-04', name: '错误值在别处', kind: 'department', parent_code: null, division_code: null, sort_order: null },
    ]);
    const u = await unitsCoded('');
    assert.equal(u['CK-01'].name, '共享富文本镇', 'runs joined, the phonetic reading (rPh) left out');
    assert.equal(u['CK-02'].parent_id, u['CK-01'].id);
    assert.equal(u['102'].division_code, '320582');
  });

  test('elements with a namespace prefix (x:worksheet, x:c)', async () => {
    const j = ok(await upload('prefixed.xlsx'));
    assert.equal(j.created, 1);
    assert.equal((await unitsCoded('PX-'))['PX-01'].name, '前缀命名空间局');
  });

  test('an xlsx written by LibreOffice (CSV converted headless) imports', { skip: existsSync(join(FIX.dir || '', 'libreoffice.xlsx')) ? false : 'soffice is not installed' }, async () => {
    const j = ok(await upload('libreoffice.xlsx'));
    assert.equal(j.header_row, 2, 'under the title row');
    assert.deepEqual([j.created, j.updated, j.unchanged], [2, 0, 0]);
    const u = await unitsCoded('LO-');
    assert.equal(u['LO-L2'].parent_id, u['LO-L1'].id);
    assert.equal(u['LO-L2'].division_code, '320582', 'LibreOffice stored 320582 as a number');
    assert.equal(u['LO-L1'].name, '办公套件一号');
  });
});

describe('CSV', needs, () => {
  for (const [file, prefix, name, type] of [
    ['utf8_bom.csv', 'A', 'UTF8带BOM', 'text/csv'], ['utf8.csv', 'B', 'UTF8无BOM', 'text/csv'],
    ['gb18030.csv', 'C', '国标编码', 'text/csv'], ['utf16.txt', 'D', '统一码文本', 'application/octet-stream'],
    ['cr_only.csv', 'E', '回车换行', null]]) {
    test(`${file}: read in its encoding and line ends (${type || 'multipart'})`, async () => {
      const j = ok(await upload(file, { raw: type || undefined }));
      assert.equal(j.sheet, 'CSV');
      assert.deepEqual(j.sheets, ['CSV']);
      assert.deepEqual([j.rows, j.created], [2, 2]);
      assert.equal(j.columns.length, 6);
      const u = await unitsCoded(`CSV-${prefix}`);
      assert.equal(u[`CSV-${prefix}1`].name, `${name}一号`);
      assert.equal(u[`CSV-${prefix}2`].name, `${name}二号`);
      assert.equal(u[`CSV-${prefix}2`].parent_id, u[`CSV-${prefix}1`].id);
      assert.equal(u[`CSV-${prefix}2`].division_code, '320582');
    });
  }

  test('quoted fields hold commas, doubled quotes and line breaks', async () => {
    const j = ok(await upload('quoted.csv'));
    assert.deepEqual(j.preview.map((p) => [p.row, p.values.name]), [[2, '引号,逗号局'], [3, '名称里有"引号"'], [4, '普通']]);
    const u = await unitsCoded('Q-');
    assert.equal(u['Q-02'].name, '名称里有"引号"');
  });

  test('a record after a quoted line break keeps its record number as its row', async () => {
    const r = await upload('quoted_bad.csv');
    assertInvalidRows(r);
    assert.deepEqual(r.json.error.cells.map((c) => [c.row, c.column, c.value]), [[5, 'A', 'QB 04']]);
  });

  test('blank lines count as rows: an error is reported on the line it is on', async () => {
    const r = await upload('blank_lines.csv');
    assertInvalidRows(r);
    assert.deepEqual(r.json.error.cells.map((c) => [c.sheet, c.row, c.column, c.header, c.value]), [['CSV', 6, 'C', '单位类型', '乡']]);
  });

  test('a CSV has one sheet, "CSV": another ?sheet= is refused', async () => {
    assertError(await upload('utf8.csv', { sheet: 'Sheet1' }), 422, 'no_sheet', 'sheet');
  });
});

describe('all or nothing', needs, () => {
  test('a sheet with bad cells lists every bad cell (row, column letter, header, value, reasons) and writes nothing', async () => {
    const before = await snapshot();
    const r = await upload('bad_cells.xlsx', { name: '有误.xlsx' });
    assertInvalidRows(r);
    const e = r.json.error;
    assert.equal(e.cells_total, 10);
    assert.match(e.message_zh, /10/);
    const got = Object.fromEntries(e.cells.map((c) => [cellKey(c), c]));
    assert.equal(e.cells.length, 10);
    const expected = {
      '3A': ['单位编码', 'BAD 02', /letters, digits/],
      '4C': ['单位类型', '乡', /one of/],
      '5B': ['单位名称', null, /required/],
      '6E': ['行政区划代码', '999999', /province/],
      '7F': ['排序号', 'abc', /whole number/],
      '8B': ['单位名称', '#N/A', /error value/],
      '9D': ['上级单位编码', 'NO-SUCH', /no unit with the parent code/],
      '10A': ['单位编码', 'BAD-01', /same unit code/],
      '11F': ['排序号', '1.5', /whole number/],
      '12F': ['排序号', '-5', /between 0 and/],
    };
    assert.deepEqual(Object.keys(got).sort(), Object.keys(expected).sort(), 'exactly these cells; row 13 (its parent is the refused row 3) is not listed again');
    for (const [k, [header, value, reason]] of Object.entries(expected)) {
      const c = got[k];
      assert.equal(c.sheet, '有误', k);
      assert.equal(c.header, header, k);
      assert.equal(c.value, value, k);
      assert.match(c.reason_en, reason, k);
      assert.ok(c.reason_zh.length > 0 && /[\u4e00-\u9fff]/.test(c.reason_zh), `${k}: a Chinese reason`);
    }
    await assertNothingWritten(before);
    assert.deepEqual(await unitsCoded('BAD-'), {}, 'not even the good row 2');
  });

  test('a dry run of the same bad sheet gives the same 422 and writes nothing', async () => {
    const before = await snapshot();
    const r = await upload('bad_cells.xlsx', { dryRun: true });
    assertInvalidRows(r);
    assert.equal(r.json.error.cells_total, 10);
    await assertNothingWritten(before);
  });

  test('a duplicate code within the sheet is refused on its second row; nothing written', async () => {
    const before = await snapshot();
    const r = await upload('duplicate.csv');
    assertInvalidRows(r);
    assert.deepEqual(r.json.error.cells.map((c) => [c.row, c.column, c.header, c.value]), [[5, 'A', '单位编码', 'DU-01']]);
    await assertNothingWritten(before);
  });

  test('a duplicate code\'s reason names the row of its first occurrence as Excel shows it (row 3)', async () => {
    const r = await upload('duplicate.csv');
    const c = r.json.error.cells[0];
    assert.match(c.reason_zh, /第 ?3 ?行/, c.reason_zh);
    assert.match(c.reason_en, /row 3\b/, c.reason_en);
  });

  test('a dry run previews creates and writes nothing; then the import; then a dry run previews "unchanged"', async () => {
    const csv = '单位编码,单位名称,单位类型,上级单位编码\nDRY-02,预演下级,其他,DRY-01\nDRY-01,预演上级,部门,\n';
    const before = await snapshot();
    const d = ok(await upload(csv, { dryRun: true }));
    assert.equal(d.dry_run, true);
    assert.deepEqual([d.created, d.updated, d.unchanged], [2, 0, 0]);
    assert.deepEqual(d.preview.map((p) => [p.row, p.action, p.values.code, p.values.parent_code]),
      [[2, 'create', 'DRY-02', 'DRY-01'], [3, 'create', 'DRY-01', null]]);
    await assertNothingWritten(before);
    const j = ok(await upload(csv, { dryRun: false }));
    assert.deepEqual([j.dry_run, j.created], [false, 2]);
    const u = await unitsCoded('DRY-');
    assert.equal(u['DRY-02'].parent_id, u['DRY-01'].id);
    const again = await snapshot();
    const d2 = ok(await upload(csv, { dryRun: true }));
    assert.deepEqual([d2.created, d2.updated, d2.unchanged], [0, 0, 2]);
    assert.deepEqual(d2.preview.map((p) => p.action), ['unchanged', 'unchanged']);
    await assertNothingWritten(again);
  });

  test('four imports of the same new sheet at once: one creates every unit, the others find them unchanged; no duplicates', async () => {
    let csv = '单位编码,单位名称,单位类型,上级单位编码\n';
    for (let i = 0; i < 100; i++) csv += `CC-${i},并发导入${i},部门,${i ? 'CC-0' : ''}\n`;
    const rs = await Promise.all([0, 1, 2, 3].map(() => upload(csv, { raw: 'text/csv' })));
    const counts = rs.map((r) => { const j = ok(r); return [j.created, j.unchanged]; }).sort((a, b) => b[0] - a[0]);
    assert.deepEqual(counts, [[100, 0], [0, 100], [0, 100], [0, 100]]);
    const u = await unitsCoded('CC-');
    assert.equal(Object.keys(u).length, 100);
    assert.equal(u['CC-0'].child_count, 99);
  });

  test('a sheet lacking a required column: 422 no_header naming the header row and the missing column', async () => {
    const before = await snapshot();
    const r = await upload('missing_kind.csv');
    assertError(r, 422, 'no_header', 'file');
    assert.match(r.json.error.message_zh, /单位类型/);
    assert.doesNotMatch(r.json.error.message_zh, /单位名称/, 'only the missing column is named');
    assert.match(r.json.error.message_en, /row 1/);
    const n = await upload('no_header.xlsx');
    assertError(n, 422, 'no_header', 'file');
    assert.match(n.json.error.message_zh, /单位编码、单位名称、单位类型/);
    await assertNothingWritten(before);
  });
});

describe('layouts common in government sheets', needs, () => {
  test('a 单位类型 merged down over several data rows applies to each row it covers', async () => {
    const j = ok(await upload('merged_data.xlsx', { dryRun: true }));
    assert.deepEqual(j.preview.map((p) => [p.row, p.values.code, p.values.kind]),
      [[2, 'MG-01', 'town'], [3, 'MG-02', 'town'], [4, 'MG-03', 'town'], [5, 'MG-04', 'department']]);
  });

  test('a hidden first sheet (dropdown lists) is passed over: the default is the first visible sheet', async () => {
    const j = ok(await upload('hidden_first.xlsx', { dryRun: true }));
    assert.equal(j.sheet, '单位');
    assert.equal(j.created, 1);
  });

  test('TRUE/FALSE boolean cells in the accounts\' 已停用 column read as 是/否', async () => {
    const r = await srv.request('POST', '/api/v1/users/import?dry_run=true',
      { body: fixture('users_bool.xlsx'), headers: { 'Content-Type': XLSX_TYPE } });
    const j = ok(r);
    assert.deepEqual(j.preview.map((p) => [p.values.username, p.values.disabled]), [['bool.one', 'true'], ['bool.two', 'false']]);
  });
});

describe('the unit tree and what a sheet leaves out', needs, () => {
  const HEAD = '单位编码,单位名称,单位类型,上级单位编码,行政区划代码,排序号\n';
  before(async () => {
    ok(await upload(`${HEAD}TREE-TOWN,树测试镇,镇,,320582,10\nTREE-CHILD,树测试下级,其他,TREE-TOWN,,20\n`));
  });

  test('a parent given by the code of a unit already in the database', async () => {
    const j = ok(await upload('单位编码,单位名称,单位类型,上级单位编码\nTREE-UNDER,挂在一镇下,其他,TOWN-01\n'));
    assert.equal(j.created, 1);
    const town = (await unitsCoded('TOWN-01'))['TOWN-01'];
    assert.equal((await unitsCoded('TREE-UNDER'))['TREE-UNDER'].parent_id, town.id);
  });

  test('moving a unit under its own descendant is refused on the parent cell; nothing written', async () => {
    const before = await snapshot();
    const r = await upload('单位编码,单位名称,单位类型,上级单位编码\nTREE-TOWN,树测试镇,镇,TREE-CHILD\n');
    const e = assertInvalidRows(r);
    assert.deepEqual(e.cells.map((c) => [c.row, c.column, c.header, c.value]), [[2, 'D', '上级单位编码', 'TREE-CHILD']]);
    assert.match(e.cells[0].reason_en, /descendant/);
    await assertNothingWritten(before);
  });

  test('a cycle within the sheet, or a unit its own parent, is refused on each row in it', async () => {
    const before = await snapshot();
    const e = assertInvalidRows(await upload('单位编码,单位名称,单位类型,上级单位编码\nCY-A,甲,部门,CY-B\nCY-B,乙,部门,CY-A\nCY-S,自己,部门,CY-S\nCY-OK,好,部门,\n'));
    assert.deepEqual(e.cells.map((c) => `${c.row}${c.column}=${c.value}`).sort(), ['2D=CY-B', '3D=CY-A', '4D=CY-S']);
    await assertNothingWritten(before);
  });

  test('a column the sheet lacks leaves that field as it is (parent, division code, sort order kept)', async () => {
    const j = ok(await upload('单位编码,单位名称,单位类型\nTREE-TOWN,树测试镇,镇\nTREE-CHILD,树测试下级（新名）,其他\n'));
    assert.deepEqual([j.created, j.updated, j.unchanged], [0, 1, 1]);
    const u = await unitsCoded('TREE-');
    assert.equal(u['TREE-TOWN'].division_code, '320582');
    assert.equal(u['TREE-TOWN'].sort_order, 10);
    assert.equal(u['TREE-CHILD'].parent_id, u['TREE-TOWN'].id);
    assert.equal(u['TREE-CHILD'].sort_order, 20);
    assert.equal(u['TREE-CHILD'].name, '树测试下级（新名）');
  });

  test('an empty cell in a column the sheet has clears that field', async () => {
    const j = ok(await upload(`${HEAD}TREE-CHILD,树测试下级（新名）,其他,,,\n`));
    assert.deepEqual([j.created, j.updated, j.unchanged], [0, 1, 0]);
    const u = await unitsCoded('TREE-');
    assert.equal(u['TREE-CHILD'].parent_id, null, 'moved to the top');
    assert.equal(u['TREE-CHILD'].sort_order, 0);
    assert.equal(u['TREE-TOWN'].child_count, 0);
  });

  test('a name over 100 characters is refused with its cell', async () => {
    const long = '长'.repeat(101);
    const e = assertInvalidRows(await upload(`单位编码,单位名称,单位类型\nTREE-LONG,${long},部门\n`));
    assert.deepEqual(e.cells.map((c) => [c.row, c.column, c.value]), [[2, 'B', long]]);
    assert.match(e.cells[0].reason_en, /100/);
  });

  test('1,500 bad cells: the first 1,000 are listed, all are counted, nothing is written', async () => {
    const before = await snapshot();
    let csv = '单位编码,单位名称,单位类型\n';
    for (let i = 0; i < 1500; i++) csv += `MANY-${i},名${i},乡\n`;
    const e = assertInvalidRows(await upload(csv));
    assert.equal(e.cells_total, 1500);
    assert.equal(e.cells.length, 1000);
    assert.match(e.message_en, /1500/);
    assert.deepEqual([e.cells[0].row, e.cells[999].row], [2, 1001]);
    await assertNothingWritten(before);
  });
});

describe('importing accounts (POST /api/v1/users/import)', () => {
  const USERS_IMPORT = '/api/v1/users/import';
  const H = '用户名,姓名,角色,所属单位编码,已停用,初始密码\n';
  const PW1 = 'imported first password';
  const PW2 = 'imported second password';
  const upUsers = (csv, q = '', as = srv) =>
    as.request('POST', USERS_IMPORT + q, { body: Buffer.from(csv), headers: { 'Content-Type': 'text/csv' } });
  const users = async () => {
    const r = await srv.get('/api/v1/users?page_size=1000');
    assert.equal(r.status, 200, r.text);
    return Object.fromEntries(r.json.items.map((u) => [u.username, u]));
  };
  const loginStatus = async (username, password) =>
    (await srv.anon.post('/api/v1/auth/login', { username, password })).status;

  test('new accounts with a role, a unit and an initial password; the password is never echoed; they can log in', async () => {
    const r = await upUsers(`${H}imp.one,导入一,填报员,TOWN-01,否,${PW1}\nimp.two,导入二,领导,,否,${PW2}\n`);
    const j = ok(r);
    assert.deepEqual([j.created, j.updated, j.unchanged], [2, 0, 0]);
    assert.ok(!r.text.includes(PW1) && !r.text.includes(PW2), 'no password in the answer');
    for (const p of j.preview) assert.ok(!('initial_password' in p.values), JSON.stringify(p.values));
    const u = await users();
    const town = (await unitsCoded('TOWN-01'))['TOWN-01'];
    assert.equal(u['imp.one'].role, 'unit_reporter');
    assert.equal(u['imp.one'].unit_id, town.id);
    assert.equal(u['imp.two'].role, 'leader');
    assert.equal(await loginStatus('imp.one', PW1), 200);
  });

  test('a short password above a bad cell further down is refused for itself only (the rows with bad cells stay out of the store)', async () => {
    let csv = `${H}ord.two,二,领导,,否,short\n`;
    for (let i = 3; i <= 8; i++) csv += `ord.r${i},行${i},领导,,否,${PW1}\n`;
    csv += `ord.nine,九,乡长,,否,${PW1}\n`;
    const e = assertInvalidRows(await upUsers(csv)); // not a preview: the valid passwords are hashed
    assert.deepEqual(e.cells.map((c) => `${c.row}${c.column}`), ['2F', '9C'], JSON.stringify(e.cells));
    assert.equal(e.cells[0].value, null, 'the password is not echoed');
  });

  test('re-importing an account never changes its password', async () => {
    const j = ok(await upUsers(`${H}imp.one,导入一,填报员,TOWN-01,否,${PW2}\n`));
    assert.deepEqual([j.created, j.updated, j.unchanged], [0, 0, 1]);
    assert.equal(await loginStatus('imp.one', PW1), 200, 'the first password still works');
    assert.equal(await loginStatus('imp.one', PW2), 401);
  });

  test('a dry run of new accounts with good initial passwords previews them as created', async () => {
    const r = await upUsers(`${H}imp.dry,预演账号,领导,,否,${PW1}\n`, '?dry_run=true');
    const j = ok(r);
    assert.deepEqual([j.dry_run, j.created], [true, 1]);
    assert.equal((await users())['imp.dry'], undefined, 'nothing written');
  });

  test('a short initial password and a unit reporter without a unit are refused on their cells; the password is not echoed', async () => {
    const before = await users();
    const r = await upUsers(`${H}imp.short,短密码,领导,,否,abc12\nimp.nounit,无单位,填报员,,否,${PW1}\n`);
    const e = assertInvalidRows(r);
    assert.deepEqual(e.cells.map((c) => [c.row, c.column, c.header, c.value]).sort(),
      [[2, 'F', '初始密码', null], [3, 'D', '所属单位编码', null]]);
    assert.ok(!r.text.includes('abc12') && !r.text.includes(PW1), 'no password in the answer');
    assert.deepEqual(await users(), before);
  });

  test('an administrator cannot drop their own admin role or disable themselves by import (as PATCH refuses)', async () => {
    const demote = await upUsers(`${H}admin,管理员,填报员,TOWN-01,否,\n`, '?dry_run=true');
    assert.equal(demote.status, 422, demote.text);
    assert.deepEqual(demote.json.error.cells.map((c) => [c.row, c.column]), [[2, 'C']]);
    const disable = await upUsers(`${H}admin,管理员,系统管理员,,是,\n`, '?dry_run=true');
    assert.equal(disable.status, 422, disable.text);
    assert.deepEqual(disable.json.error.cells.map((c) => [c.row, c.column]), [[2, 'E']]);
  });

  test('an account disabled by import loses its session at once', async () => {
    const leader = await srv.login('leader', DEMO_PASSWORD);
    assert.equal((await leader.get('/api/v1/units')).status, 200);
    const j = ok(await upUsers('用户名,姓名,角色,已停用\nleader,领导,领导,是\n'));
    assert.deepEqual([j.created, j.updated], [0, 1]);
    assertError(await leader.get('/api/v1/units'), 401, 'unauthenticated');
    assert.equal((await users()).leader.disabled, true);
  });

  test('a unit reporter may not import accounts', async () => {
    const reporter = await srv.login('reporter', DEMO_PASSWORD);
    assertError(await upUsers(`${H}imp.x,某人,领导,,否,${PW1}\n`, '', reporter), 403, 'forbidden');
  });
});

describe('hostile and broken files: refused with a clear error, nothing written', needs, () => {
  const cases = [
    ['bomb_entry.xlsx', 413, 'too_large', /unpacks to 314572800 bytes/],
    ['bomb_ratio.xlsx', 413, 'too_large', /compressed more than 200 to 1/],
    ['bomb_lying_size.xlsx', 413, 'too_large', /compressed more than 200 to 1/],
    ['many_entries.xlsx', 413, 'too_large', /more than 10000 entries/],
    ['billion_laughs.xlsx', 400, 'bad_file', /DOCTYPE.*sheet1\.xml/],
    ['external_entity.xlsx', 400, 'bad_file', /DOCTYPE.*sharedStrings\.xml/],
    ['doctype_workbook.xlsx', 400, 'bad_file', /DOCTYPE.*workbook\.xml/],
    ['deep_nesting.xlsx', 400, 'bad_file', /nested too deeply/],
    ['truncated.xlsx', 400, 'bad_file', /corrupt|not an xlsx/],
    ['not_a_workbook.xlsx', 400, 'bad_file', /workbook\.xml is missing/],
    ['rows_backwards.xlsx', 400, 'bad_file', /row 2 comes after/],
    ['random.bin', 400, 'bad_file', /encoding|binary/],
    ['old.xls', 400, 'bad_file', /\.xls/],
  ];
  for (const [file, status, code, message] of cases) {
    test(`${file}: ${status} ${code}`, async () => {
      const before = await snapshot();
      const r = await upload(file);
      assertError(r, status, code);
      assert.match(r.json.error.message_en, message);
      assert.ok(/[\u4e00-\u9fff]/.test(r.json.error.message_zh));
      await assertNothingWritten(before);
    });
  }

  test('an empty file: 400 bad_file (multipart and raw)', async () => {
    assertError(await upload(Buffer.alloc(0), { name: 'empty.xlsx' }), 400, 'bad_file', 'file');
    assertError(await upload(Buffer.alloc(0), { raw: XLSX_TYPE }), 400, 'bad_file', 'file');
  });

  test('a form without a part named "file": 400 bad_file', async () => {
    const boundary = 'xyz123';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="other"; filename="a.csv"\r\n\r\na,b\r\n--${boundary}--\r\n`;
    assertError(await srv.request('POST', IMPORT, { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } }), 400, 'bad_file', 'file');
  });
});

describe('pacesetter import (the command line)', needs, () => {
  let dir;
  let db;
  const cli = (...args) => spawnSync(BIN, ['import', ...args, '--db', db], { encoding: 'utf8', timeout: 60000 });
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pacesetter-cli-import-'));
    db = newDatabase(dir);
    const m = spawnSync(BIN, ['migrate', '--db', db], { encoding: 'utf8', timeout: 60000 });
    assert.equal(m.status, 0, m.stderr);
  });
  after(() => { if (dir) removeDatabase(dir); });

  test('--dry-run prints the preview as the API\'s JSON and writes nothing; then the import; then all unchanged', () => {
    const dry = cli('units', join(FIX.dir, 'title_rows.xlsx'), '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    const d = JSON.parse(dry.stdout);
    assert.deepEqual([d.dry_run, d.header_row, d.created], [true, 3, 4]);
    const real = cli('units', join(FIX.dir, 'title_rows.xlsx'));
    assert.equal(real.status, 0, real.stderr);
    assert.deepEqual([JSON.parse(real.stdout).created, JSON.parse(real.stdout).unchanged], [4, 0], 'the dry run wrote nothing');
    const again = cli('units', join(FIX.dir, 'title_rows.xlsx'));
    assert.deepEqual([JSON.parse(again.stdout).created, JSON.parse(again.stdout).unchanged], [0, 4]);
  });

  test('--sheet picks a sheet', () => {
    const r = cli('units', join(FIX.dir, 'several_sheets.xlsx'), '--sheet', 'Other');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).preview.map((p) => p.values.code), ['MS-99']);
  });

  test('bad cells: each printed as sheet!cell, header, value and both reasons; exit 1; nothing written', () => {
    const r = cli('units', join(FIX.dir, 'bad_cells.xlsx'));
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    for (const cell of ['A3', 'C4', 'B5', 'E6', 'F7', 'B8', 'D9', 'A10', 'F11', 'F12']) {
      assert.match(r.stderr, new RegExp(`^有误!${cell} `, 'm'), cell);
    }
    assert.match(r.stderr, /有误!C4 单位类型 “乡”: .+ \/ must be one of/);
    assert.match(r.stderr, /10 cells are wrong: nothing was imported/);
    const check = cli('units', join(FIX.dir, 'title_rows.xlsx'), '--dry-run');
    assert.equal(JSON.parse(check.stdout).unchanged, 4, 'the units of the database are as they were');
  });

  test('an .xls, a missing file and an unknown resource fail with a message', () => {
    const xls = cli('units', join(FIX.dir, 'old.xls'));
    assert.equal(xls.status, 1);
    assert.match(xls.stderr, /save it as \.xlsx/);
    const missing = cli('units', join(FIX.dir, 'no-such-file.csv'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read the file/);
    const unknown = cli('problems', join(FIX.dir, 'utf8.csv'));
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /importable: units, users, enterprises, projects, progress/);
  });
});

describe('who may import, and how the file is sent', needs, () => {
  test('the raw file with an xlsx content type imports like a form upload', async () => {
    const j = ok(await upload('prefixed.xlsx', { raw: XLSX_TYPE, dryRun: true }));
    assert.deepEqual([j.created, j.updated, j.unchanged], [0, 0, 1], 'PX-01 was imported above');
  });

  test('a unit reporter (no units.write) gets 403 and nothing is written', async () => {
    const reporter = await srv.login('reporter', DEMO_PASSWORD);
    const before = await snapshot();
    assertError(await upload('two_row_header.xlsx', { as: reporter }), 403, 'forbidden');
    assertError(await upload('utf8.csv', { as: reporter, raw: 'text/csv', dryRun: true }), 403, 'forbidden');
    await assertNothingWritten(before);
  });

  test('without the CSRF token: 403 csrf_failed; without a session: 401', async () => {
    const before = await snapshot();
    assertError(await upload('duplicate.csv', { csrf: false }), 403, 'csrf_failed');
    assertError(await upload('duplicate.csv', { as: srv.anon }), 401, 'unauthenticated');
    await assertNothingWritten(before);
  });

  test('a JSON body: 415', async () => {
    const r = await srv.request('POST', IMPORT, { json: { code: 'J', name: 'x', kind: 'town' } });
    assert.equal(r.status, 415, r.text);
    assert.equal(r.json.error.code, 'unsupported_media_type');
  });

  test('a number cell too long to be one is refused whole, never read from a cut-off start', async () => {
    const before = await snapshot();
    const long = `12.${'0'.repeat(260)}x`;
    const e = assertInvalidRows(await upload(`单位编码,单位名称,单位类型,排序号\nLONG-01,很长的排序号,部门,${long}\n`));
    assert.deepEqual(e.cells.map((c) => `${c.row}${c.column}`), ['2D']);
    await assertNothingWritten(before);
  });

  test('dry_run must be true or false', async () => {
    assertError(await srv.request('POST', `${IMPORT}?dry_run=maybe`, { body: 'a', headers: { 'Content-Type': 'text/csv' } }), 400, 'bad_query', 'dry_run');
  });

  test('the unzip limits are settings: --unzip-part and --unzip-ratio refuse a sheet the defaults take', needs, async () => {
    // 20,000 rows written by openpyxl: a sheet part of some 4.8 MB, compressed about 14 to 1
    const file = join(FIX.dir, 'unzip_limits.xlsx');
    const py = spawnSync(PYTHON, ['-c', `
import openpyxl, sys
wb = openpyxl.Workbook(); ws = wb.active
ws.append(['单位编码', '单位名称', '单位类型'])
for i in range(20000): ws.append(['UZ-%05d' % i, '解压限额单位%d' % i, '部门'])
wb.save(sys.argv[1])`, file], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    const bytes = readFileSync(file);
    const upload = (server) => server.request('POST', `${IMPORT}?dry_run=true`, { body: bytes, headers: { 'Content-Type': XLSX_TYPE } });
    const fine = await upload(srv);
    assert.equal(fine.status, 200, fine.text.slice(0, 300));
    assert.equal(fine.json.created, 20000);
    for (const args of [['--unzip-part', '65536'], ['--unzip-total', '65536'], ['--unzip-ratio', '10']]) {
      const strict = await startServer({ data: 'empty', serveArgs: args });
      try {
        assertError(await upload(strict), 413, 'too_large');
        assert.deepEqual(await strict.listUnits(), []);
      } finally {
        await stopAndCheck(strict);
      }
    }
  });

  test('--max-upload bounds an import, not --max-body: 413 too_large over it (by length, chunked or announced), accepted under it', async () => {
    const small = await startServer({ data: 'empty', maxBody: 4096, serveArgs: ['--max-upload', '65536'] });
    try {
      const big = fixture('large.csv');
      assert.ok(big.length > 65536);
      const r = await small.request('POST', IMPORT, { body: big, headers: { 'Content-Type': 'text/csv' } });
      assertError(r, 413, 'too_large');
      // chunked, over --max-upload but inside what the server reads whole before refusing (twice the
      // limit and 64 KiB): past that, h2o closes mid-body and the refusal can be lost to the reset
      // (seen in loaded runs), while the announced 3 MB below is refused before its body is sent
      assertError(await small.rawChunked('POST', IMPORT, 120000, 'Content-Type: text/csv\r\n'), 413, 'too_large');
      assertError(await small.rawChunked('POST', IMPORT, 3000000, 'Content-Type: text/csv\r\n', { chunked: false, expectContinue: true }), 413, 'too_large');
      assert.deepEqual(await small.listUnits(), []);
      // 20 KB: over --max-body (4096), under --max-upload
      const rows = ['单位编码,单位名称,单位类型'];
      for (let i = 0; i < 600; i++) rows.push(`UP-${String(i).padStart(5, '0')},上传限额单位${i},部门`);
      const mid = Buffer.from(`${rows.join('\n')}\n`);
      assert.ok(mid.length > 4096 && mid.length < 65536, String(mid.length));
      const fine = await small.request('POST', IMPORT, { body: mid, headers: { 'Content-Type': 'text/csv' } });
      assert.equal(fine.status, 200, fine.text.slice(0, 300));
      assert.equal(fine.json.created, 600);
      assertError(await small.post('/api/v1/units', { code: 'J', name: 'x'.repeat(5000), kind: 'town' }), 413, 'too_large');
    } finally {
      await stopAndCheck(small);
    }
  });
});
