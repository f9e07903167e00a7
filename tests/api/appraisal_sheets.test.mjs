// The appraisal's spreadsheets and evidence files (docs/api-contract.md, "Appraisal spreadsheets and
// evidence"): the data-entry template of the caller's subjects, filled by another program
// (python3-openpyxl) and imported back, all or nothing, every bad cell listed and nothing written;
// the scope and the review state an import respects; the results computed now and a published
// version as .xlsx, read back cell by cell against the JSON answers; the notice (通报); evidence
// files (佐证材料) uploaded, listed, downloaded byte for byte, refused by their bytes, scoped like the
// data and writable only while the data is.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopAndCheck, assertError, cli, DEMO_PASSWORD, BACKEND } from './server.mjs';

const AP = '/api/v1/appraisal';
const S = `${AP}/schemes`;
const YEAR = 2034; // a year of its own: the demo's schemes are of other years
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PY = '/usr/bin/python3';

const L = { ratio: '地区生产总值目标完成率', rank: '固定资产投资增速', survey: '群众满意度', check: '信访积案化解',
  bonus: '创新工作加分', deduction: '通报批评扣分', veto: '重大安全事故' };
const PATH = { ratio: `经济发展 / ${L.ratio}`, rank: `经济发展 / ${L.rank}`, survey: `社会治理 / ${L.survey}`, check: `社会治理 / ${L.check}` };
const INDICATORS = [
  { name: '经济发展', kind: 'node', children: [
    { name: L.ratio, kind: 'leaf', full_marks: 40, method: 'ratio', direction: 'higher', cap: 1.2 },
    { name: L.rank, kind: 'leaf', full_marks: 30, method: 'rank', direction: 'higher', min_score: 10 },
  ] },
  { name: '社会治理', kind: 'node', children: [
    { name: L.survey, kind: 'leaf', full_marks: 20, method: 'survey' },
    { name: L.check, kind: 'leaf', full_marks: 10, method: 'check' },
  ] },
  { name: L.bonus, kind: 'bonus', children: [] },
  { name: L.deduction, kind: 'deduction', children: [] },
  { name: L.veto, kind: 'veto', veto_mode: 'lowest', children: [] },
];
const GROUP_A = ['TOWN-01', 'TOWN-02', 'TOWN-03'];
const GROUP_B = ['PARK-01', 'PARK-02'];
/** The template's columns in order: [row 2 label, row 3 label]. */
const TEMPLATE_HEADER = [
  ['考核对象', '考核对象'], [PATH.ratio, '目标值'], [PATH.ratio, '实际值'], [PATH.rank, '实际值'], [PATH.survey, '评分（以、分隔）'],
  [PATH.check, '实际值'], [L.bonus, '加分'], [L.deduction, '扣分'], [L.veto, '否决（是/否）'],
];
/** What the office types into the template: name -> the cells after 考核对象, in TEMPLATE_HEADER's order. */
const FILL = {
  'TOWN-01': [100, 95, 8.5, '90、80、85', 1, 2, null, '否'],
  'TOWN-02': [100, 120, 10, '95,90', 1, null, 1.5, '否'],
  'TOWN-03': [100, 60, 5, '70', 0, null, null, '是'],
  'PARK-01': [100, 100, 12, 88, 1, null, null, null],
  'PARK-02': ['100', '80.125', 12, '60、70', 1, 0.25, null, '否'],
};

let srv;
const c = {};
const byCode = {};
let sc;       // the scheme
let ids;      // indicator name -> id
const sid = {}; // unit code -> subject id
const nameOf = {}; // unit code -> subject name
const work = mkdtempSync(join(tmpdir(), 'pacesetter-appr-sheets-'));

async function ok(r, status = 200) {
  assert.equal(r.status, status, `${r.method} ${r.path}: ${r.text.slice(0, 1500)}`);
  return r.json;
}
const pick = (obj, keys) => Object.fromEntries(keys.map((k) => [k, obj[k]]));
function flatten(nodes, out = []) {
  for (const n of nodes) { out.push(n); flatten(n.children || [], out); }
  return out;
}
function python(script, args = [], input) {
  const r = spawnSync(PY, ['-c', script, ...args], { encoding: 'utf8', input });
  assert.equal(r.status, 0, `python: ${r.stderr}`);
  return r.stdout;
}
/** Every sheet of an .xlsx as openpyxl reads it: rows of values, merged ranges, and the sheet names. */
function readXlsx(bytes) {
  const file = join(work, `read-${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, bytes);
  const out = JSON.parse(python(`
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {'sheets': wb.sheetnames, 'data': {}}
for ws in wb.worksheets:
    out['data'][ws.title] = {'rows': [[c.value for c in row] for row in ws.iter_rows()],
                             'formats': [[c.number_format for c in row] for row in ws.iter_rows()],
                             'merged': sorted(str(r) for r in ws.merged_cells.ranges)}
print(json.dumps(out, ensure_ascii=False))
`, [file]));
  rmSync(file);
  return out;
}
/** The template with rows written over its data rows (from row 4), saved again by openpyxl. */
function fillTemplate(bytes, rows) {
  const file = join(work, `fill-${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, bytes);
  python(`
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.worksheets[0]
rows = json.loads(sys.stdin.read())
for r in range(4, ws.max_row + 1):
    for col in range(1, ws.max_column + 1):
        ws.cell(row=r, column=col).value = None
for i, row in enumerate(rows):
    for j, v in enumerate(row):
        ws.cell(row=4 + i, column=1 + j).value = v
wb.save(sys.argv[1])
`, [file], JSON.stringify(rows));
  const out = readFileSync(file);
  rmSync(file);
  return out;
}
/** The rows of FILL (names for codes) in the template's layout. */
const fillRows = (codes, change = {}) => codes.map((code) => [nameOf[code], ...(change[code] || FILL[code])]);
async function template(as = c.appraisal) {
  const r = await as.get(`${S}/${sc.id}/data/import-template`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers['content-type'], XLSX);
  assert.match(r.headers['content-disposition'], /^attachment; filename="appraisal-data-template-\d+\.xlsx"; filename\*=UTF-8''/);
  return r.bytes;
}
const importSheet = (bytes, as = c.appraisal, q = '') =>
  as.request('POST', `${S}/${sc.id}/data/import${q}`, { body: bytes, headers: { 'Content-Type': XLSX } });
/** Every subject's data as GET answers it (without updated_at), by unit code. */
async function allData() {
  const out = {};
  for (const code of [...GROUP_A, ...GROUP_B]) {
    const d = await ok(await c.appraisal.get(`${S}/${sc.id}/subjects/${sid[code]}/data`));
    delete d.updated_at;
    out[code] = d;
  }
  return out;
}
const auditTotal = async () => (await ok(await srv.get('/api/v1/audit?page_size=1'))).total;
/** A 422 invalid_rows: its cells as "row column: reason_en" (each cell with every key). */
function invalidCells(r) {
  assert.equal(r.status, 422, r.text.slice(0, 800));
  const e = r.json.error;
  assert.deepEqual(Object.keys(e).sort(), ['cells', 'cells_total', 'code', 'message', 'message_en', 'message_zh', 'sheet', 'sheets'], r.text);
  assert.equal(e.code, 'invalid_rows');
  assert.ok(Array.isArray(e.cells) && e.cells.length > 0 && e.cells_total === e.cells.length, r.text);
  for (const x of r.json.error.cells) {
    assert.deepEqual(Object.keys(x).sort(), ['column', 'header', 'reason_en', 'reason_zh', 'row', 'sheet', 'value'], JSON.stringify(x));
    assert.ok(x.reason_zh && x.reason_en, JSON.stringify(x));
  }
  return e.cells;
}
function multipart(data, filename, type = 'application/octet-stream') {
  const boundary = `----pacesetter${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } };
}

before(async () => {
  srv = await startServer({ data: 'demo' });
  for (const u of await srv.listUnits()) byCode[u.code] = u;
  for (const name of ['appraisal', 'reporter', 'leader', 'town_leader']) c[name] = await srv.login(name, DEMO_PASSWORD);
  const kinds = await ok(await c.appraisal.get(`${AP}/kinds`));
  const kind = kinds.items.find((k) => k.code === 'performance');
  sc = await ok(await c.appraisal.post(S, { year: YEAR, kind_id: kind.id, name: '2034年度综合考核（表格）', subject_type: 'unit',
    issuing_office: '市绩效管理办公室', notice_title: '关于2034年度综合考核结果的通报' }), 201);
  sc = await ok(await c.appraisal.request('PUT', `${S}/${sc.id}/structure`, { json: {
    groups: [{ name: '镇组' }, { name: '园区组' }],
    subjects: [...GROUP_A.map((code) => ({ group: 0, unit_id: byCode[code].id })), ...GROUP_B.map((code) => ({ group: 1, unit_id: byCode[code].id }))],
    indicators: INDICATORS,
    grades: [{ name: '优秀', min_score: 90, quota: 0.5 }, { name: '良好', min_score: 70 }, { name: '一般' }],
  } }));
  ids = Object.fromEntries(flatten(sc.indicators).map((n) => [n.name, n.id]));
  for (const x of sc.subjects) {
    const code = Object.keys(byCode).find((k) => byCode[k].id === x.unit_id);
    sid[code] = x.id;
    nameOf[code] = x.name;
  }
  await ok(await c.appraisal.post(`${S}/${sc.id}/open`, {}));
});
after(async () => {
  await stopAndCheck(srv);
  rmSync(work, { recursive: true, force: true });
});

describe('the data template and its import', () => {
  test('the template: a title, the indicator paths over their fields, one row per subject of the caller', async () => {
    const x = readXlsx(await template());
    assert.deepEqual(x.sheets, ['指标数据', '说明']);
    const rows = x.data['指标数据'].rows;
    assert.match(rows[0][0], /^2034年度综合考核（表格） 指标数据填报表/);
    // merged cells read as empty but the first: the path stands over both of the ratio leaf's fields
    assert.deepEqual(rows[1], ['考核对象', PATH.ratio, null, PATH.rank, PATH.survey, PATH.check, L.bonus, L.deduction, L.veto]);
    assert.deepEqual(rows[2], [null, ...TEMPLATE_HEADER.slice(1).map((h) => h[1])]);
    assert.ok(x.data['指标数据'].merged.includes('A2:A3') && x.data['指标数据'].merged.includes('B2:C2'), x.data['指标数据'].merged.join());
    assert.deepEqual(rows.slice(3).map((r) => r[0]), [...GROUP_A, ...GROUP_B].map((code) => nameOf[code]));
    assert.ok(rows.slice(3).every((r) => r.slice(1).every((v) => v === null || v === '')), 'no data yet');
    const mine = readXlsx(await template(c.reporter)).data['指标数据'].rows;
    assert.deepEqual(mine.slice(3).map((r) => r[0]), [nameOf['TOWN-01']], "the reporter's template holds its own subject only");
    assertError(await c.leader.get(`${S}/${sc.id}/data/import-template`), 403, 'forbidden', undefined);
    assertError(await c.appraisal.get(`${S}/999999/data/import-template`), 404, 'not_found', undefined);
  });

  test('every kind of bad cell is listed, each with its row and column, and nothing is written', async () => {
    const before = await allData();
    const audit = await auditTotal();
    const bytes = fillTemplate(await template(), [
      ['不存在的镇', 100, 95, 8.5, '90', 1, null, null, null],             // row 4: no such subject
      [nameOf['TOWN-01'], 100, 'abc', '1.1234567', '90', 1, null, null, null], // row 5: not numbers (C, D)
      [nameOf['TOWN-01'], 100, 95, 8, '90', 1, null, null, null],          // row 6: the same subject again
      [nameOf['TOWN-02'], 100, 95, 8, '90、abc', 1, '1.234', null, '也许'], // row 7: ratings, points, veto
      [nameOf['TOWN-03'], 100, 95, 8, '101', 1, null, '-1', null],          // row 8: a rating over 100, negative points
      [null, 100, 95, 8, '90', 1, null, null, null],                        // row 9: no name
      [nameOf['PARK-01'], '1e13', 95, 8, '90', 1, 1000001, null, null],     // row 10: beyond the limits
    ]);
    const r = await importSheet(bytes);
    const cells = invalidCells(r);
    const got = cells.map((x) => `${x.row}${x.column}`);
    assert.deepEqual(got, ['4A', '5C', '5D', '6A', '7E', '7G', '7I', '8E', '8H', '9A', '10B', '10G'], JSON.stringify(cells, null, 1));
    const at = Object.fromEntries(cells.map((x) => [`${x.row}${x.column}`, x]));
    assert.equal(at['5C'].value, 'abc');
    assert.equal(at['5C'].header, `${PATH.ratio}实际值`);
    assert.match(at['6A'].reason_en, /row 5/);
    assert.match(at['7E'].reason_zh, /评分/);
    assert.match(at['8E'].reason_en, /0 to 100/);
    assert.match(at['7I'].reason_zh, /是.*否/);
    assert.deepEqual(await allData(), before, 'no subject changed');
    assert.equal(await auditTotal(), audit, 'the operation log did not grow');
  });

  test('the filled template imports: every value read exactly, bonus as one item, and a second import changes nothing', async () => {
    const bytes = fillTemplate(await template(), fillRows([...GROUP_A, ...GROUP_B]));
    const dry = await ok(await importSheet(bytes, c.appraisal, '?dry_run=true'));
    assert.equal(dry.dry_run, true);
    assert.equal(dry.updated, 5);
    assert.equal((await allData())['TOWN-01'].values.length, 0, 'a dry run writes nothing');
    const r = await ok(await importSheet(bytes));
    assert.deepEqual([r.rows, r.created, r.updated, r.unchanged, r.header_row], [5, 0, 5, 0, 2]);
    const d = await allData();
    const value = (code, name) => d[code].values.find((v) => v.indicator_id === ids[name]);
    assert.deepEqual([value('TOWN-01', L.ratio).target, value('TOWN-01', L.ratio).actual], [100, 95]);
    assert.equal(value('TOWN-01', L.rank).actual, 8.5);
    assert.deepEqual(value('TOWN-01', L.survey).ratings, [90, 80, 85]);
    assert.deepEqual(value('TOWN-02', L.survey).ratings, [95, 90]);
    assert.deepEqual(value('PARK-01', L.survey).ratings, [88]);
    assert.equal(value('PARK-02', L.ratio).actual, 80.125, 'a decimal typed as text is read exactly');
    assert.equal(value('TOWN-03', L.check).actual, 0);
    assert.equal(value('TOWN-03', L.veto).actual, 1, '是: the veto triggered');
    assert.equal(value('TOWN-01', L.veto).actual, 0, '否: not triggered');
    assert.equal(value('PARK-01', L.veto), undefined, 'empty: no value');
    assert.deepEqual(d['TOWN-01'].items.map((x) => [x.indicator_id, x.points, x.reason]), [[ids[L.bonus], 2, '表格导入']]);
    assert.deepEqual(d['TOWN-02'].items.map((x) => [x.indicator_id, x.points]), [[ids[L.deduction], 1.5]]);
    assert.deepEqual(d['PARK-02'].items.map((x) => x.points), [0.25]);
    const again = await ok(await importSheet(fillTemplate(await template(), fillRows([...GROUP_A, ...GROUP_B]))));
    assert.deepEqual([again.updated, again.unchanged], [0, 5], 'the same sheet again changes nothing');
    // the template now holds what was imported, and re-imports unchanged as it is
    const back = readXlsx(await template()).data['指标数据'].rows;
    const row1 = back.find((x) => x[0] === nameOf['TOWN-01']);
    assert.deepEqual(row1, [nameOf['TOWN-01'], 100, 95, 8.5, '90、80、85', 1, 2, null, '否']);
    const same = await ok(await importSheet(await template()));
    assert.deepEqual([same.updated, same.unchanged], [0, 5]);
  });

  test('a bonus item entered by hand keeps its reason while its sum is unchanged; a column left out keeps its data', async () => {
    const d = (await allData())['TOWN-01'];
    const body = { values: d.values.map(({ indicator_id, target, actual, ratings, note }) => ({ indicator_id, target, actual, ratings, note })),
      items: [{ indicator_id: ids[L.bonus], points: 1.5, reason: '获省级表彰' }, { indicator_id: ids[L.bonus], points: 0.5, reason: '创新案例' }] };
    await ok(await c.appraisal.request('PUT', `${S}/${sc.id}/subjects/${sid['TOWN-01']}/data`, { json: body }));
    assert.deepEqual((await ok(await importSheet(await template()))).updated, 0, 'the sum 2 is unchanged: the two items stay');
    assert.deepEqual((await allData())['TOWN-01'].items.map((x) => x.reason), ['获省级表彰', '创新案例']);
    // a sheet of the name and the rank leaf's actual only: everything else kept
    const file = join(work, 'partial.xlsx');
    python(`
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(['考核对象', sys.argv[2]]); ws.append([sys.argv[3], 9.75])
wb.save(sys.argv[1])
`, [file, `${PATH.rank}实际值`, nameOf['TOWN-01']]);
    const r = await ok(await importSheet(readFileSync(file)));
    assert.deepEqual([r.updated, r.unchanged], [1, 0]);
    const after1 = (await allData())['TOWN-01'];
    assert.equal(after1.values.find((v) => v.indicator_id === ids[L.rank]).actual, 9.75);
    assert.deepEqual(after1.values.find((v) => v.indicator_id === ids[L.survey]).ratings, [90, 80, 85]);
    assert.equal(after1.items.length, 2);
  });

  test('pacesetter import appraisal-data FILE --scheme ID: the same import from the command line', async () => {
    const file = join(work, 'cli.xlsx');
    writeFileSync(file, fillTemplate(await template(), fillRows(['PARK-01'], { 'PARK-01': [100, 99, 12, 88, 1, null, null, null] })));
    const before = await allData();
    let r = cli(['import', 'appraisal-data', file, '--db', srv.db, '--scheme', String(sc.id), '--dry-run']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(pick(JSON.parse(r.stdout), ['dry_run', 'updated', 'unchanged']), { dry_run: true, updated: 1, unchanged: 0 });
    assert.deepEqual(await allData(), before);
    r = cli(['import', 'appraisal-data', file, '--db', srv.db, '--scheme', String(sc.id)]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await allData())['PARK-01'].values.find((v) => v.indicator_id === ids[L.ratio]).actual, 99);
    writeFileSync(file, fillTemplate(await template(), fillRows(['PARK-01'], { 'PARK-01': [100, 'x', 12, 88, 1, null, null, null] })));
    r = cli(['import', 'appraisal-data', file, '--db', srv.db, '--scheme', String(sc.id)]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /指标数据!C4 .*“x”: 应为数字/);
    r = cli(['import', 'appraisal-data', file, '--db', srv.db]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--scheme/);
    r = cli(['import', 'appraisal-data', file, '--db', srv.db, '--scheme', '999999']);
    assert.equal(r.status, 1);
    // back to what FILL says, for the tests below
    writeFileSync(file, fillTemplate(await template(), fillRows(['PARK-01'])));
    assert.equal(cli(['import', 'appraisal-data', file, '--db', srv.db, '--scheme', String(sc.id)]).status, 0);
  });

  test("a reporter imports its own subject only, and only while its data is a draft or returned", async () => {
    const before = await allData();
    let r = await importSheet(fillTemplate(await template(c.reporter), fillRows(['TOWN-01', 'TOWN-02'])), c.reporter);
    let cells = invalidCells(r);
    assert.deepEqual(cells.map((x) => `${x.row}${x.column}`), ['5A'], 'TOWN-02 is not within its scope');
    assert.match(cells[0].reason_en, /scope/);
    assert.deepEqual(await allData(), before);
    r = await ok(await importSheet(fillTemplate(await template(c.reporter), fillRows(['TOWN-01'], { 'TOWN-01': [100, 96, 9.75, '90、80、85', 1, 2, null, '否'] })), c.reporter));
    assert.equal(r.updated, 1);
    await ok(await c.reporter.post(`${S}/${sc.id}/subjects/${sid['TOWN-01']}/submit`, {}));
    const submitted = await allData();
    r = await importSheet(fillTemplate(await template(c.reporter), fillRows(['TOWN-01'], { 'TOWN-01': [100, 97, 9.75, '90、80、85', 1, 2, null, '否'] })), c.reporter);
    cells = invalidCells(r);
    assert.deepEqual(cells.map((x) => `${x.row}${x.column}`), ['4A']);
    assert.match(cells[0].reason_en, /submitted/);
    assert.deepEqual(await allData(), submitted, 'nothing written');
    r = await ok(await importSheet(await template(c.reporter), c.reporter));
    assert.deepEqual([r.updated, r.unchanged], [0, 1], 'an unchanged row of a submitted subject is no error');
    // the office may still correct submitted data
    r = await ok(await importSheet(fillTemplate(await template(), fillRows(['TOWN-01'], { 'TOWN-01': [100, 95, 8.5, '90、80、85', 1, 2, null, '否'] }))));
    assert.equal(r.updated, 1);
    assertError(await c.leader.request('POST', `${S}/${sc.id}/data/import`, { body: await template(), headers: { 'Content-Type': XLSX } }), 403, 'forbidden', undefined);
  });
});

describe('evidence files', () => {
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
  const ev = (code) => `${S}/${sc.id}/subjects/${sid[code]}/evidence`;
  const upload = (as, code, data, name, q = '') => {
    const m = multipart(data, name);
    return as.request('POST', ev(code) + q, { body: m.body, headers: m.headers });
  };
  let docx;

  before(() => {
    const file = join(work, 'e.docx');
    python(`
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('word/document.xml', '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
`, [file]);
    docx = readFileSync(file);
  });

  test('upload, list and download: the bytes come back as they went, as an attachment of their type', async () => {
    const made = await ok(await upload(c.reporter, 'TOWN-02', PDF, 'x.pdf'), 404); // not the reporter's subject
    assert.equal(made.error.code, 'not_found');
    await ok(await c.appraisal.post(`${S}/${sc.id}/subjects/${sid['TOWN-01']}/return`, { comment: '请补充佐证材料' }));
    const a = await ok(await upload(c.reporter, 'TOWN-01', PDF, '2034年 佐证材料.pdf', `?indicator_id=${ids[L.ratio]}`), 201);
    assert.deepEqual({ ...a, id: 0, created_at: '' }, { id: 0, scheme_id: sc.id, subject_id: sid['TOWN-01'], indicator_id: ids[L.ratio],
      file_name: '2034年 佐证材料.pdf', content_type: 'application/pdf', size: PDF.length, uploaded_by: 'reporter', created_at: '',
      url: `/api/v1/appraisal/evidence/${a.id}` });
    const b = await ok(await upload(c.reporter, 'TOWN-01', JPEG, 'fakepath/photo.jpg'), 201);
    assert.deepEqual([b.file_name, b.content_type, b.indicator_id], ['photo.jpg', 'image/jpeg', null]);
    const x = await ok(await upload(c.reporter, 'TOWN-01', await template(), '数据.xlsx'), 201);
    assert.equal(x.content_type, XLSX);
    const d = await ok(await c.reporter.request('POST', ev('TOWN-01'), { body: docx, headers: { 'Content-Type': 'application/octet-stream' } }), 201);
    assert.deepEqual([d.content_type, d.file_name], ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', '佐证材料.docx']);
    const list = await ok(await c.reporter.get(ev('TOWN-01')));
    assert.deepEqual(list.items.map((i) => i.id), [a.id, b.id, x.id, d.id]);
    assert.deepEqual(list.items[0], a);
    const got = await c.reporter.get(a.url);
    assert.equal(got.status, 200);
    assert.ok(got.bytes.equals(PDF), 'the same bytes');
    assert.equal(got.headers['content-type'], 'application/pdf');
    assert.equal(got.headers['x-content-type-options'], 'nosniff');
    assert.equal(got.headers['content-disposition'],
      `attachment; filename="evidence-${a.id}.pdf"; filename*=UTF-8''${encodeURIComponent('2034年 佐证材料.pdf')}`);
    assert.ok((await c.appraisal.get(x.url)).bytes.length === x.size, 'the office downloads it too');
    assert.equal((await c.reporter.del(b.url)).status, 204);
    assertError(await c.reporter.get(b.url), 404, 'not_found', undefined);
    assertError(await c.reporter.del(b.url), 404, 'not_found', undefined);
    assert.deepEqual((await ok(await c.reporter.get(ev('TOWN-01')))).items.map((i) => i.id), [a.id, x.id, d.id]);
  });

  test('refused by their bytes: text, HTML, a zip that is no Office file, an empty file, too large; a node is no indicator', async () => {
    const count = async () => (await ok(await c.appraisal.get(ev('TOWN-01')))).items.length;
    const n = await count();
    const zip = join(work, 'plain.zip');
    python(`
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w') as z: z.writestr('readme.txt', 'hello')
`, [zip]);
    for (const [data, name] of [[Buffer.from('hello'), 'a.pdf'], [Buffer.from('<html><script>alert(1)</script></html>'), 'a.html'],
      [readFileSync(zip), 'a.docx'], [Buffer.from('GIF89a'), 'a.gif']]) {
      assertError(await upload(c.reporter, 'TOWN-01', data, name), 400, 'bad_file', 'file');
    }
    const empty = multipart(Buffer.alloc(0), 'empty.pdf');
    assertError(await c.reporter.request('POST', ev('TOWN-01'), { body: empty.body, headers: empty.headers }), 400, 'bad_file', 'file');
    const big = Buffer.concat([PDF, Buffer.alloc((20 << 20) + 1 - PDF.length)]);
    assertError(await upload(c.reporter, 'TOWN-01', big, 'big.pdf'), 413, 'too_large', 'file');
    assertError(await upload(c.reporter, 'TOWN-01', PDF, 'a.pdf', `?indicator_id=${ids['经济发展']}`), 422, 'invalid_value', 'indicator_id');
    assertError(await upload(c.reporter, 'TOWN-01', PDF, 'a.pdf', '?indicator_id=999999'), 422, 'invalid_value', 'indicator_id');
    assert.equal(await count(), n, 'nothing stored');
  });

  test("scoped like the data: another unit's files are not found; the leader may not; not writable once submitted", async () => {
    const other = await ok(await upload(c.appraisal, 'TOWN-02', JPEG, 'town2.jpg'), 201);
    assertError(await c.reporter.get(ev('TOWN-02')), 404, 'not_found', undefined);
    assertError(await c.reporter.get(other.url), 404, 'not_found', undefined);
    assertError(await c.reporter.del(other.url), 404, 'not_found', undefined);
    assertError(await c.leader.get(ev('TOWN-02')), 403, 'forbidden', undefined);
    assertError(await c.leader.get(other.url), 403, 'forbidden', undefined);
    assertError(await c.appraisal.get('/api/v1/appraisal/evidence/999999'), 404, 'not_found', undefined);
    await ok(await c.reporter.post(`${S}/${sc.id}/subjects/${sid['TOWN-01']}/submit`, {}));
    const mine = (await ok(await c.reporter.get(ev('TOWN-01')))).items;
    assertError(await upload(c.reporter, 'TOWN-01', PDF, 'late.pdf'), 409, 'invalid_state', undefined);
    assertError(await c.reporter.del(mine[0].url), 409, 'invalid_state', undefined);
    assert.equal((await c.reporter.get(mine[0].url)).status, 200, 'still readable');
    assert.equal((await c.appraisal.del(other.url)).status, 204, 'the office removes a draft subject\'s file');
  });
});

describe('results, versions and the notice as .xlsx', () => {
  let results;
  const leafNames = [PATH.ratio, PATH.rank, PATH.survey, PATH.check];
  const HEADER = ['名次', '考核对象', ...leafNames, '指标得分合计', '加分', '扣分', '总分', '等次', '否决'];
  const VETO = { none: '否', lowest: '是（定为最低等次）', bar_top: '是（不得评为最高等次）' };
  /** The rows a results sheet must hold for one group, from the JSON answers. */
  async function expectedRows(items, groupId, detail) {
    const out = [];
    for (const it of items.filter((i) => i.group_id === groupId)) {
      const d = await detail(it.subject_id);
      out.push([it.rank, it.name, ...d.leaves.map((l) => l.score), it.leaf_sum, it.bonus, it.deduction, it.total, it.grade_name, VETO[it.veto]]);
    }
    return out;
  }

  test('the results computed now: a sheet per group, every leaf score and total as shown in the answers', async () => {
    results = await ok(await c.appraisal.get(`${S}/${sc.id}/results`));
    const r = await c.appraisal.get(`${S}/${sc.id}/results/export`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers['content-type'], XLSX);
    assert.match(r.headers['content-disposition'], /filename="appraisal-results-\d+\.xlsx"/);
    const x = readXlsx(r.bytes);
    assert.deepEqual(x.sheets, ['镇组', '园区组']);
    for (const g of results.groups) {
      const sheet = x.data[g.name];
      assert.equal(sheet.rows[0][0], `2034年度综合考核（表格）（${g.name}）`);
      assert.match(sheet.rows[1][0], /未发布/);
      assert.deepEqual(sheet.rows[2], HEADER);
      const want = await expectedRows(results.items, g.id, async (id) => ok(await c.appraisal.get(`${S}/${sc.id}/results/${id}`)));
      assert.deepEqual(sheet.rows.slice(3), want, g.name);
      assert.ok(sheet.formats.slice(3).every((row) => row.slice(2, 2 + leafNames.length + 4).every((f) => f === '0.00')), 'two decimals');
    }
    assert.ok(results.items.some((i) => i.veto === 'lowest'), 'a veto shows');
    assertError(await c.leader.get(`${S}/${sc.id}/results/export`), 403, 'forbidden', undefined);
    assertError(await c.reporter.get(`${S}/${sc.id}/results/export`), 403, 'forbidden', undefined);
  });

  test('a published version as .xlsx, from its frozen results, and its notice', async () => {
    for (const code of [...GROUP_A, ...GROUP_B]) {
      const state = (await ok(await c.appraisal.get(`${S}/${sc.id}/subjects/${sid[code]}/data`))).state;
      if (state === 'draft' || state === 'returned') await ok(await c.appraisal.post(`${S}/${sc.id}/subjects/${sid[code]}/submit`, {}));
      await ok(await c.appraisal.post(`${S}/${sc.id}/subjects/${sid[code]}/accept`, {}));
    }
    const pub = await ok(await c.appraisal.post(`${S}/${sc.id}/publish`, {}));
    assert.equal(pub.version, 1);
    const frozen = await ok(await c.leader.get(`${S}/${sc.id}/versions/1`));
    const r = await c.leader.get(`${S}/${sc.id}/versions/1/export`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers['content-disposition'], /filename="appraisal-results-\d+-v1\.xlsx"/);
    const x = readXlsx(r.bytes);
    assert.deepEqual(x.sheets, frozen.groups.map((g) => g.name));
    for (const g of frozen.groups) {
      const sheet = x.data[g.name];
      assert.equal(sheet.rows[1][0], '第 1 版（已发布）');
      assert.deepEqual(sheet.rows[2], HEADER);
      const want = await expectedRows(frozen.items, g.id, async (id) => ok(await c.leader.get(`${S}/${sc.id}/versions/1/subjects/${id}`)));
      assert.deepEqual(sheet.rows.slice(3), want, g.name);
    }
    assert.deepEqual(frozen.items.map((i) => i.total), results.items.map((i) => i.total), 'the same numbers as before publication');

    const n = await c.reporter.get(`${S}/${sc.id}/versions/1/notice.xlsx`);
    assert.equal(n.status, 200, n.text);
    assert.match(n.headers['content-disposition'], /filename="appraisal-notice-\d+-v1\.xlsx"/);
    const rows = readXlsx(n.bytes).data['通报'].rows.map((row) => row.slice(0, 4));
    assert.equal(rows[0][0], '关于2034年度综合考核结果的通报');
    const filled = rows.filter((row) => row.some((v) => v !== null && v !== ''));
    assert.equal(filled.at(-2)[0], '市绩效管理办公室');
    assert.match(filled.at(-1)[0], /^\d{4}年\d{1,2}月\d{1,2}日$/);
    const at = (text) => rows.findIndex((row) => row[0] === text);
    for (const [k, g] of frozen.groups.entries()) {
      const h = at(`${['一', '二'][k]}、${g.name}`);
      assert.ok(h > 0, `the heading of ${g.name}`);
      assert.deepEqual(rows[h + 1], ['名次', '考核对象', '总分', '等次']);
      const items = frozen.items.filter((i) => i.group_id === g.id);
      assert.deepEqual(rows.slice(h + 2, h + 2 + items.length), items.map((i) => [i.rank, i.name, i.total, i.grade_name]));
    }
    assertError(await c.leader.get(`${S}/${sc.id}/versions/2/export`), 404, 'not_found', undefined);
    assertError(await c.leader.get(`${S}/${sc.id}/versions/2/notice.xlsx`), 404, 'not_found', undefined);
    // a published scheme takes no more data
    const cells = invalidCells(await importSheet(fillTemplate(await template(), fillRows(['PARK-01'], { 'PARK-01': [100, 99, 12, 88, 1, null, null, null] }))));
    assert.match(cells[0].reason_en, /not open/);
    assert.equal(BACKEND === 'postgres' || BACKEND === 'sqlite', true);
  });
});
