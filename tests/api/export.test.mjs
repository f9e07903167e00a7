// Exports and import templates (issue 5, the writing half): GET /api/v1/{units,users,audit,login-log}/export
// and GET /api/v1/{units,users}/import-template. Every .xlsx is read back by a different program
// than the one that wrote it: python3-openpyxl, and LibreOffice once.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopAndCheck, assertError, cli, sql, BACKEND, DEMO_PASSWORD, parseCsv } from './server.mjs';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UNIT_HEADERS = ['单位编码', '单位名称', '单位类型', '上级单位编码', '行政区划代码', '排序号', '创建时间', '更新时间'];
const USER_HEADERS = ['用户名', '姓名', '角色', '所属单位编码', '已停用', '最近登录', '创建时间'];
const LOGIN_LOG_HEADERS = ['时间', '用户名', '地址', '结果', '原因'];
const KIND_LABELS = { department: '部门', town: '镇', subdistrict: '街道', park: '园区', other: '其他' };

let srv;
const work = mkdtempSync(join(tmpdir(), 'pacesetter-export-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Reads an .xlsx with openpyxl: every sheet's cells as {v, t (openpyxl data type), fmt}, and sheet details. */
function readXlsx(bytes) {
  const file = join(work, `read-${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, bytes);
  const py = `
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows():
        rows.append([{'v': (c.value.isoformat(sep=' ') if isinstance(c.value, datetime.datetime) else c.value),
                      't': c.data_type, 'fmt': c.number_format,
                      'bold': bool(c.font and c.font.b), 'color': (c.font.color.rgb if c.font and c.font.color and isinstance(c.font.color.rgb, str) else None)}
                     for c in row])
    out[ws.title] = {'rows': rows, 'merged': [str(r) for r in ws.merged_cells.ranges], 'freeze': ws.freeze_panes,
                     'widths': {k: v.width for k, v in ws.column_dimensions.items()},
                     'validations': [{'sqref': str(d.sqref), 'type': d.type, 'formula1': d.formula1}
                                     for d in ws.data_validations.dataValidation]}
print(json.dumps({'sheets': wb.sheetnames, 'data': out}))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `openpyxl could not read the file: ${r.stderr}`);
  rmSync(file);
  return JSON.parse(r.stdout);
}

/** A large .xlsx through openpyxl's streaming reader: the number of rows of the first sheet and its last row's values. */
function readXlsxSummary(bytes) {
  const file = join(work, 'large.xlsx');
  writeFileSync(file, bytes);
  const py = `
import json, sys, datetime, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]
n, last = 0, None
for row in ws.iter_rows(values_only=True):
    n, last = n + 1, row
print(json.dumps({'rows': n, 'last': [v.isoformat(sep=' ') if isinstance(v, datetime.datetime) else v for v in last]}))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, `openpyxl could not read the file: ${r.stderr} ${r.error || ''}`);
  rmSync(file);
  return JSON.parse(r.stdout);
}

const values = (rows) => rows.map((row) => row.map((c) => c.v));

/** Every unit of a list query, following pages. */
async function listAll(client, path, query = '') {
  const items = [];
  for (let page = 1; ; page++) {
    const r = await client.get(`${path}?${query}${query ? '&' : ''}page=${page}&page_size=1000`);
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (items.length >= r.json.total || r.json.items.length === 0) return { items, total: r.json.total };
  }
}

async function exportXlsx(client, path) {
  const r = await client.get(path);
  assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 300)}`);
  assert.equal(r.headers['content-type'], XLSX_TYPE);
  return readXlsx(r.bytes);
}

describe('exports and import templates', () => {
  before(async () => { srv = await startServer({ data: 'demo' }); });
  after(async () => { await stopAndCheck(srv); });

  test('the units export is an xlsx with a merged title, bold frozen headers, widths and every unit of the list', async () => {
    const x = await exportXlsx(srv, '/api/v1/units/export');
    const sheet = x.data[x.sheets[0]];
    assert.equal(x.sheets[0], '单位');
    assert.match(sheet.rows[0][0].v, /^单位（导出于 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC）$/);
    assert.deepEqual(sheet.merged, [`A1:${String.fromCharCode(64 + UNIT_HEADERS.length)}1`]);
    assert.deepEqual(values([sheet.rows[1]])[0], UNIT_HEADERS);
    assert.ok(sheet.rows[1].every((c) => c.bold), 'headers are bold');
    assert.equal(sheet.freeze, 'A3', 'frozen below the header');
    assert.equal(Math.round(sheet.widths.B), 25, 'the name column is 24 characters wide (+ padding)');

    const { items, total } = await listAll(srv, '/api/v1/units');
    const data = sheet.rows.slice(2);
    assert.equal(data.length, total, 'one row per unit of the list');
    const byId = new Map(items.map((u) => [u.id, u]));
    const codeOf = (id) => (id ? byId.get(id).code : null);
    assert.deepEqual(values(data).map((r) => r.slice(0, 6)),
      items.map((u) => [u.code, u.name, KIND_LABELS[u.kind], codeOf(u.parent_id), u.division_code, u.sort_order]),
      'codes, names, kinds as labels, parents by code, in the list\'s order');
    const first = data[0];
    assert.equal(first[5].t, 'n', 'the sort order is a number');
    assert.equal(first[6].t, 'd', 'times are date cells');
    assert.equal(first[6].fmt, 'yyyy-mm-dd hh:mm:ss');
    assert.equal(first[6].v, items[0].created_at.replace('T', ' ').replace('Z', ''));
  });

  test('the export takes the list\'s filters and sort', async () => {
    const query = 'kind=town&sort=-name';
    const x = await exportXlsx(srv, `/api/v1/units/export?${query}`);
    const { items } = await listAll(srv, '/api/v1/units', query);
    assert.ok(items.length > 1);
    assert.deepEqual(values(x.data['单位'].rows.slice(2)).map((r) => r[0]), items.map((u) => u.code));
    const csv = await srv.get('/api/v1/units/export?format=csv&q=TOWN-0');
    const listed = await listAll(srv, '/api/v1/units', 'q=TOWN-0');
    assert.deepEqual(parseCsv(csv.text).slice(1).map((r) => r[0]), listed.items.map((u) => u.code));
  });

  test('the CSV export has a BOM, CRLF, the Chinese headers and the same rows as the xlsx', async () => {
    const r = await srv.get('/api/v1/units/export?format=csv');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/csv; charset=utf-8');
    assert.deepEqual([...r.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    assert.ok(r.text.includes('\r\n') && !/[^\r]\n/.test(r.text), 'every line ends in CRLF');
    const rows = parseCsv(r.text);
    assert.deepEqual(rows[0], UNIT_HEADERS);
    const x = await exportXlsx(srv, '/api/v1/units/export');
    const xrows = values(x.data['单位'].rows.slice(2)).map((row) => row.map((v) => (v === null ? '' : String(v))));
    assert.deepEqual(rows.slice(1), xrows);
  });

  test('the file names are given in ASCII and in UTF-8', async () => {
    const r = await srv.get('/api/v1/units/export');
    assert.equal(r.headers['content-disposition'], `attachment; filename="units.xlsx"; filename*=UTF-8''${encodeURIComponent('单位')}.xlsx`);
    const c = await srv.get('/api/v1/users/export?format=csv');
    assert.equal(c.headers['content-disposition'], `attachment; filename="users.csv"; filename*=UTF-8''${encodeURIComponent('用户')}.csv`);
    const t = await srv.get('/api/v1/units/import-template');
    assert.equal(t.headers['content-disposition'],
      `attachment; filename="units-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('单位导入模板')}.xlsx`);
  });

  test('a reporter exports only its own unit\'s subtree, as its list shows it', async () => {
    const reporter = await srv.login('reporter', DEMO_PASSWORD);
    const mine = await listAll(reporter, '/api/v1/units');
    const all = await listAll(srv, '/api/v1/units');
    assert.ok(mine.total > 0 && mine.total < all.total);
    const x = await exportXlsx(reporter, '/api/v1/units/export');
    assert.deepEqual(values(x.data['单位'].rows.slice(2)).map((r) => r[0]), mine.items.map((u) => u.code));
  });

  test('text that looks like a formula is a string cell in xlsx and starts with \' in CSV', async () => {
    const names = ['=HYPERLINK("http://example.com","x")', '+1+1', '-2+3', '@SUM(A1)'];
    const codes = [];
    for (const [i, name] of names.entries()) {
      const r = await srv.post('/api/v1/units', { code: `FORMULA-${i}`, name, kind: 'other' });
      assert.equal(r.status, 201, r.text);
      codes.push(r.json.code);
    }
    const x = await exportXlsx(srv, '/api/v1/units/export?q=FORMULA-&sort=code');
    const rows = x.data['单位'].rows.slice(2);
    assert.deepEqual(rows.map((r) => r[1].v), names);
    assert.ok(rows.every((r) => r[1].t === 's'), `string cells, not formulas: ${JSON.stringify(rows.map((r) => r[1]))}`);
    const csv = parseCsv((await srv.get('/api/v1/units/export?format=csv&q=FORMULA-&sort=code')).text);
    assert.deepEqual(csv.slice(1).map((r) => r[1]), names.map((n) => `'${n}`));
  });

  test('the users export names each user\'s unit by its code', async () => {
    const x = await exportXlsx(srv, '/api/v1/users/export');
    const sheet = x.data['用户'];
    assert.deepEqual(values([sheet.rows[1]])[0], USER_HEADERS);
    const { items, total } = await listAll(srv, '/api/v1/users');
    const rows = values(sheet.rows.slice(2));
    assert.equal(rows.length, total);
    const reporter = rows.find((r) => r[0] === 'reporter');
    assert.deepEqual(reporter.slice(0, 5), ['reporter', items.find((u) => u.username === 'reporter').display_name, '填报员', 'TOWN-01', '否']);
    const admins = await exportXlsx(srv, '/api/v1/users/export?role=system_admin');
    assert.deepEqual(values(admins.data['用户'].rows.slice(2)).map((r) => r[0]),
      items.filter((u) => u.role === 'system_admin').map((u) => u.username));
  });

  test('the operation log exports as xlsx by default and as CSV, with the list\'s filters', async () => {
    const x = await exportXlsx(srv, '/api/v1/audit/export?resource=unit');
    const rows = values(x.data['操作日志'].rows.slice(2));
    const { items } = await listAll(srv, '/api/v1/audit', 'resource=unit');
    assert.deepEqual(rows.map((r) => r[0]), items.map((a) => a.id));
    const csv = parseCsv((await srv.get('/api/v1/audit/export?format=csv&resource=unit')).text);
    assert.equal(csv[0][0], '序号');
    assert.deepEqual(csv.slice(1).map((r) => Number(r[0])), items.map((a) => a.id));
  });

  test('the login log exports as xlsx and CSV: the list\'s rows, newest first, results as 成功/失败', async () => {
    await srv.login('project', DEMO_PASSWORD);
    assert.equal((await srv.anon.post('/api/v1/auth/login', { username: 'project', password: 'not the password' })).status, 401);
    assert.equal((await srv.anon.post('/api/v1/auth/login', { username: 'nobody-here', password: 'not the password' })).status, 401);
    await srv.login('appraisal', DEMO_PASSWORD);
    const { items, total } = await listAll(srv, '/api/v1/login-log');
    assert.deepEqual(items.slice(0, 3).map((l) => [l.username, l.success, l.reason]),
      [['appraisal', true, 'ok'], ['nobody-here', false, 'unknown_user'], ['project', false, 'bad_password']]);
    const expected = items.map((l) => [l.at.replace('T', ' ').replace('Z', ''), l.username, l.address,
      l.success ? '成功' : '失败', l.reason]);

    const x = await exportXlsx(srv, '/api/v1/login-log/export');
    assert.equal(x.sheets[0], '登录日志');
    const sheet = x.data['登录日志'];
    assert.match(sheet.rows[0][0].v, /^登录日志（导出于 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC）$/);
    assert.deepEqual(values([sheet.rows[1]])[0], LOGIN_LOG_HEADERS);
    const data = sheet.rows.slice(2);
    assert.equal(data.length, total, 'one row per login attempt of the list');
    assert.deepEqual(values(data), expected, 'the list\'s rows in the list\'s order');
    assert.equal(data[0][0].t, 'd', 'times are date cells');

    const r = await srv.get('/api/v1/login-log/export?format=csv');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(r.headers['content-disposition'],
      `attachment; filename="login-log.csv"; filename*=UTF-8''${encodeURIComponent('登录日志')}.csv`);
    const csv = parseCsv(r.text);
    assert.deepEqual(csv[0], LOGIN_LOG_HEADERS);
    assert.deepEqual(csv.slice(1), expected);
  });

  test('refuses an unknown format and the list\'s bad filters (400), and paging', async () => {
    assertError(await srv.get('/api/v1/units/export?format=pdf'), 400, 'bad_query', 'format');
    assertError(await srv.get('/api/v1/units/export?kind=moon'), 400, 'bad_query', 'kind');
    assertError(await srv.get('/api/v1/units/export?sort=colour'), 400, 'bad_query', 'sort');
    assertError(await srv.get('/api/v1/units/export?page=2'), 400, 'bad_query', 'page');
    assertError(await srv.get('/api/v1/users/export?role=king'), 400, 'bad_query', 'role');
    assertError(await srv.get('/api/v1/audit/export?from=yesterday'), 400, 'bad_query', 'from');
    assertError(await srv.get('/api/v1/login-log/export?page_size=10'), 400, 'bad_query', 'page_size');
    assertError(await srv.get('/api/v1/login-log/export?format=ods'), 400, 'bad_query', 'format');
  });

  test('exports and templates need the right to read the list', async () => {
    for (const path of ['/api/v1/units/export', '/api/v1/units/import-template', '/api/v1/users/export',
      '/api/v1/users/import-template', '/api/v1/audit/export', '/api/v1/login-log/export']) {
      assertError(await srv.anon.get(path), 401, 'unauthenticated');
    }
    const enterprise = await srv.login('enterprise', DEMO_PASSWORD);
    assertError(await enterprise.get('/api/v1/units/export'), 403, 'forbidden');
    assertError(await enterprise.get('/api/v1/units/import-template'), 403, 'forbidden');
    const leader = await srv.login('leader', DEMO_PASSWORD);
    assert.equal((await leader.get('/api/v1/units/export')).status, 200);
    assertError(await leader.get('/api/v1/users/export'), 403, 'forbidden');
    assertError(await leader.get('/api/v1/users/import-template'), 403, 'forbidden');
    // the login log's export needs login_log.read, as its list: the appraisal office exports the operation log only
    const appraisal = await srv.login('appraisal', DEMO_PASSWORD);
    assert.equal((await appraisal.get('/api/v1/audit/export')).status, 200);
    assertError(await appraisal.get('/api/v1/login-log/export'), 403, 'forbidden');
    assertError(await appraisal.get('/api/v1/login-log/export?format=csv'), 403, 'forbidden');
    assertError(await leader.get('/api/v1/login-log/export'), 403, 'forbidden');
  });

  test('the units template has the importable headers (required in red), an example row, a drop-down of kinds and a help sheet', async () => {
    const x = await exportXlsx(srv, '/api/v1/units/import-template');
    assert.deepEqual(x.sheets, ['单位', '说明']);
    const sheet = x.data['单位'];
    assert.match(sheet.rows[0][0].v, /单位导入模板/);
    assert.deepEqual(values([sheet.rows[1]])[0], ['单位编码', '单位名称', '单位类型', '上级单位编码', '行政区划代码', '排序号']);
    assert.deepEqual(sheet.rows[1].map((c) => c.color === 'FFFF0000'), [true, true, true, false, false, false], 'required in red');
    assert.deepEqual(values([sheet.rows[2]])[0], ['TOWN-09', '示例镇', '镇', null, null, 90]);
    assert.deepEqual(sheet.validations, [{ sqref: 'C3:C10000', type: 'list', formula1: '"部门,镇,街道,园区,其他"' }]);
    const help = values(x.data['说明'].rows);
    assert.deepEqual(help[0], ['列名', '是否必填', '填写要求', '可选值', '示例']);
    assert.deepEqual(help.find((r) => r[0] === '单位类型').slice(0, 4), ['单位类型', '必填', '从下拉列表中选择', '部门、镇、街道、园区、其他']);
    assert.equal(help.length, 1 + 6);
  });

  test('the users template offers the roles and yes/no as drop-downs, and a column for new accounts’ initial passwords', async () => {
    const x = await exportXlsx(srv, '/api/v1/users/import-template');
    const sheet = x.data['用户'];
    assert.deepEqual(values([sheet.rows[1]])[0], ['用户名', '姓名', '角色', '所属单位编码', '已停用', '初始密码']);
    assert.deepEqual(sheet.validations.map((v) => [v.sqref, v.formula1]),
      [['C3:C10000', '"系统管理员,项目办,考核办,填报员,领导,企业用户"'], ['E3:E10000', '"是,否"']]);
  });

  test('pacesetter export writes the same file as the API, in the format of the file\'s extension', async () => {
    const xlsxFile = join(work, 'cli-units.xlsx');
    let r = cli(['export', 'units', xlsxFile, '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    const total = (await srv.get('/api/v1/units?page_size=1')).json.total;
    assert.equal(r.stdout, `exported ${total} units to ${xlsxFile}\n`);
    const fromCli = readXlsx(readFileSync(xlsxFile));
    const fromApi = await exportXlsx(srv, '/api/v1/units/export');
    assert.deepEqual(values(fromCli.data['单位'].rows.slice(1)), values(fromApi.data['单位'].rows.slice(1)));
    const csvFile = join(work, 'cli-users.csv');
    r = cli(['export', 'users', csvFile, '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(csvFile, 'utf8'), (await srv.get('/api/v1/users/export?format=csv')).text);
    r = cli(['export', 'audit', join(work, 'audit.txt'), '--db', srv.db]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /\.xlsx or \.csv/);
    r = cli(['export', 'audit', join(work, 'audit.txt'), '--db', srv.db, '--format', 'csv']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(join(work, 'audit.txt'), 'utf8'), /^\uFEFF序号,时间,用户/);
    const loginFile = join(work, 'cli-login-log.csv');
    r = cli(['export', 'login-log', loginFile, '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(loginFile, 'utf8'), (await srv.get('/api/v1/login-log/export?format=csv')).text);
    r = cli(['export', 'moons', join(work, 'm.csv'), '--db', srv.db]);
    assert.equal(r.status, 1);
    assert.deepEqual(readdirSync(work).filter((f) => f.startsWith('m.csv')), [], 'no file, not even a partial one');
  });

  test('LibreOffice reads the xlsx export to the same table as the CSV export', async () => {
    const xlsx = await srv.get('/api/v1/units/export');
    const csv = parseCsv((await srv.get('/api/v1/units/export?format=csv')).text);
    const file = join(work, 'units.xlsx');
    writeFileSync(file, xlsx.bytes);
    const profile = join(work, 'lo-profile');
    const r = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', join(work, 'lo'), file], { encoding: 'utf8', timeout: 120000 });
    assert.equal(r.status, 0, `soffice: ${r.stderr}`);
    assert.deepEqual(readdirSync(join(work, 'lo')), ['units.csv']);
    const lo = parseCsv(readFileSync(join(work, 'lo', 'units.csv'), 'utf8'));
    assert.match(lo[0][0], /^单位（导出于/, 'the title row');
    // the one difference by design: CSV marks formula-like text with a leading '
    const unmarked = csv.map((row) => row.map((f) => (/^'[=+\-@\t\r]/.test(f) ? f.slice(1) : f)));
    assert.deepEqual(lo.slice(1), unmarked, 'LibreOffice sees the same headers, values, numbers and dates');
  });
});

describe('a large export', () => {
  const N = 12000; // enough for many chunks; more rows make PostgreSQL's checkpoints slow the files beside this one
  let big;
  before(async () => {
    // a database with N more units, inserted behind the server's back (the API would take minutes)
    const first = await startServer({ data: 'empty' });
    await first.stop({ keep: true });
    const ts = BACKEND === 'postgres' ? 'timestamptz' : 'text';
    sql(first.db, `WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < ${999 + N})
      INSERT INTO units (tenant_id, id, parent_id, code, name, kind, sort_order, created_at, updated_at, path)
      SELECT 1, i, NULL, 'BULK-' || i, '批量单位' || i, 'other', i, CAST('2026-01-01T08:00:00Z' AS ${ts}),
             CAST('2026-01-02T08:00:00Z' AS ${ts}), '/' || i || '/' FROM n`);
    // and N login attempts, for the login log's export in batches (on PostgreSQL, STORE_EACH_BATCH rows each)
    sql(first.db, `WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < ${999 + N})
      INSERT INTO login_log (id, at, username, address, success, reason)
      SELECT i, CAST('2026-01-03T08:00:00Z' AS ${ts}), 'bulk' || i, '10.0.0.' || (i % 250), i % 2,
             CASE WHEN i % 2 = 1 THEN 'ok' ELSE 'bad_password' END FROM n`);
    // one event loop: were the export made on it, /healthz would wait for the whole export
    big = await startServer({ dir: first.dir, threads: 1 });
  });
  after(async () => { await stopAndCheck(big); });

  test('streams every row in many chunks while the server goes on answering other requests', async () => {
    let exported = false;
    const pending = big.get('/api/v1/units/export?format=xlsx').then((r) => { exported = true; return r; });
    // the export runs on the worker pool: the event loops answer meanwhile
    const started = Date.now();
    const health = await big.anon.get('/healthz');
    const healthMs = Date.now() - started;
    const exportedFirst = exported;
    assert.equal(health.status, 200);
    const r = await pending;
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.ok(!exportedFirst, `/healthz was answered only after the export (${healthMs} ms)`);
    assert.equal(Number(r.headers['content-length']), r.bytes.length);
    const x = readXlsxSummary(r.bytes);
    assert.equal(x.rows, 2 + N);
    assert.deepEqual(x.last, [`BULK-${999 + N}`, `批量单位${999 + N}`, '其他', null, null, 999 + N,
      '2026-01-01 08:00:00', '2026-01-02 08:00:00']);
    const csv = await big.get('/api/v1/units/export?format=csv&sort=-code');
    assert.equal(csv.status, 200);
    assert.equal(Number(csv.headers['content-length']), csv.bytes.length);
    assert.ok(csv.bytes.length > 8 * 65536, `${csv.bytes.length} bytes: many chunks`);
    const lines = parseCsv(csv.text);
    assert.equal(lines.length, 1 + N);
    assert.equal(lines[1][0], 'BULK-9999', 'sorted by code, descending');
  });

  test('the login log\'s export has every attempt of a log longer than one batch, in the list\'s order', async () => {
    const r = await big.get('/api/v1/login-log/export?format=csv');
    assert.equal(r.status, 200, r.text.slice(0, 300));
    const rows = parseCsv(r.text).slice(1);
    const { items, total } = await listAll(big, '/api/v1/login-log');
    assert.ok(total > N);
    assert.deepEqual(rows.map((row) => row[1]), items.map((l) => l.username));
    assert.deepEqual(rows.find((row) => row[1] === `bulk${999 + N}`), ['2026-01-03 08:00:00', `bulk${999 + N}`,
      `10.0.0.${(999 + N) % 250}`, '成功', 'ok']);
  });
});
