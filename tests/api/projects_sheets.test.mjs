// Projects and monthly progress in and out of spreadsheets (docs/api-contract.md, issue 6):
// the projects export read back with openpyxl, with the list's filters, sort and scope; the
// export imported back into the same city with every project unchanged; an import creating
// projects with milestones (derived fields as a create gives them); every kind of bad cell, each
// on its own row, with nothing written; a dry run writing nothing; a reporter filling the month in
// Excel: the template of its reporting projects, the import, a row outside its scope refused.
// Dates are relative to today (the server's local date), so the file passes on any day.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopAndCheck, assertError, parseCsv, cli, DEMO_PASSWORD } from './server.mjs';

const P = '/api/v1/projects';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STEPS = [['negotiating', '在谈'], ['signed', '签约'], ['registered', '注册'], ['started', '开工'], ['completed', '竣工'],
  ['production', '投产'], ['full_capacity', '达产']];
const HEADERS = ['项目编码', '项目名称', '企业统一社会信用代码', '企业名称', '责任单位', '载体', '行业代码', '项目类别', '项目来源', '标签',
  '总投资（万元）', '外资（万美元）', '人才层次', '重大核心技术', '重大产业化', '重大市场前景', '能耗（吨标煤）', '用地（平方米）', '达产产值（万元）',
  '项目简介', ...STEPS.flatMap(([, zh]) => [`计划${zh}日期`, `实际${zh}日期`]),
  '阶段', '梯队', '规模档次', '本年计划（万元）', '本年完成（万元）', '累计完成（万元）', '预警', '预警原因', '更新时间'];
const PROGRESS_HEADERS = ['项目编码', '项目名称', '本月完成投资（万元）', '形象进度'];
const CATEGORY = { industry: '产业', infrastructure: '基础设施', social: '社会民生', tech_talent: '科技人才', other: '其他' };
const SOURCE = { domestic: '内资', foreign: '外资', hmt: '港澳台' };
const TIER = { none: '无', national: '国家级', provincial: '省级', municipal: '市级' };
const POOL = { reserve: '储备', preliminary: '前期', construction: '在建', completed: '竣工', production: '投产' };
const LIGHT = { green: '绿灯', yellow: '黄灯', red: '红灯' };
const STAGE = Object.fromEntries(STEPS);
const YES = (b) => (b ? '是' : '否');

// ---- dates, relative to today (local time, as the server's date_today)
const pad = (n) => String(n).padStart(2, '0');
const isoDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const TODAY = new Date();
const daysAgo = (n) => { const d = new Date(TODAY.getFullYear(), TODAY.getMonth(), TODAY.getDate()); d.setDate(d.getDate() - n); return isoDay(d); };
const THIS_MONTH = `${TODAY.getFullYear()}-${pad(TODAY.getMonth() + 1)}`;

let srv;
let units;
const byCode = {};
const codeOf = {};
const clients = {};
let seq = 0;
const work = mkdtempSync(join(tmpdir(), 'pacesetter-projects-sheets-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Reads an .xlsx with openpyxl: the first sheet's rows of {v, t (openpyxl data type), fmt}, and the sheet names. */
function readXlsx(bytes) {
  const file = join(work, `read-${++seq}.xlsx`);
  writeFileSync(file, bytes);
  const py = `
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
rows = [[{'v': (c.value.isoformat(sep=' ') if isinstance(c.value, datetime.datetime) else c.value), 't': c.data_type,
          'fmt': c.number_format} for c in row] for row in ws.iter_rows()]
print(json.dumps({'sheets': wb.sheetnames, 'rows': rows}))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8', timeout: 120000, maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `openpyxl could not read the file: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const values = (rows) => rows.map((row) => row.map((c) => c.v));

/** Every project a client sees, in the list's order for query. */
async function list(c = srv, query = 'sort=id') {
  const items = [];
  for (let page = 1; ; page++) {
    const r = await c.get(`${P}?${query}&page=${page}&page_size=1000`);
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (items.length >= r.json.total || r.json.items.length === 0) return items;
  }
}
const csvUpload = (c, path, text, query = '') => c.request('POST', `${path}${query}`, { body: text, headers: { 'Content-Type': 'text/csv' } });
const byProjectCode = async (code) => (await list(srv, `q=${encodeURIComponent(code)}`)).find((p) => p.code === code);
/** An import's refusal: 422 invalid_rows; its cells as [row, column, header]. */
function refusedCells(r) {
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'invalid_rows', r.text);
  assert.equal(r.json.error.cells_total, r.json.error.cells.length);
  return r.json.error.cells.map((c) => [c.row, c.column, c.header]);
}
/** The operation log's records of one resource and id, newest first. */
async function logOf(resource, id) {
  const r = await srv.get(`/api/v1/audit?resource=${resource}&page_size=1000`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((x) => x.resource_id === id);
}
/** The derived fields a create or an import computes. */
const derived = (p) => ({
  stage: p.stage, pool: p.pool, size_class: p.size_class, size_label: p.size_label, warning: p.warning,
  reasons: p.warning_reasons.map((x) => x.text_zh), year_plan: p.year_plan,
});

before(async () => {
  srv = await startServer({ data: 'demo', maxBody: 16 << 20 });
  units = await srv.listUnits();
  for (const u of units) { byCode[u.code] = u; codeOf[u.id] = u.code; }
  for (const name of ['reporter', 'leader', 'project']) clients[name] = await srv.login(name, DEMO_PASSWORD);
});
after(async () => { await stopAndCheck(srv); });

describe('the projects export', () => {
  test('is an xlsx openpyxl reads: every column, typed cells, every project of the list in its order', async () => {
    const query = 'pool=construction&sort=-total_investment';
    const r = await srv.get(`${P}/export?${query}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers['content-type'], XLSX_TYPE);
    assert.match(r.headers['content-disposition'], /filename="projects\.xlsx"/);
    const x = readXlsx(r.bytes);
    assert.equal(x.sheets[0], '项目');
    assert.match(x.rows[0][0].v, /^项目（导出于 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC）$/);
    assert.deepEqual(values([x.rows[1]])[0], HEADERS);
    const items = await list(srv, query);
    assert.ok(items.length > 10, `${items.length} projects under construction`);
    const data = x.rows.slice(2);
    assert.deepEqual(data.map((row) => row[0].v), items.map((p) => p.code), 'the list\'s rows in its order');

    // one project with an enterprise, a carrier and dates, cell by cell
    const listed = items.find((i) => i.enterprise_id && i.carrier_id && i.industry_code) || items[0];
    const p = (await srv.get(`${P}/${listed.id}`)).json; /* with its plans */
    const row = data[items.indexOf(listed)];
    const credit = p.enterprise_id ? (await srv.get(`/api/v1/enterprises/${p.enterprise_id}`)).json.credit_code : null;
    const got = Object.fromEntries(HEADERS.map((h, i) => [h, row[i]?.v ?? null]));
    const wan = (fen) => fen / 1e6;
    assert.deepEqual(got, {
      项目编码: p.code, 项目名称: p.name, 企业统一社会信用代码: credit, 企业名称: p.enterprise_name, 责任单位: codeOf[p.unit_id],
      载体: p.carrier_id ? codeOf[p.carrier_id] : null, 行业代码: p.industry_code, 项目类别: CATEGORY[p.category], 项目来源: SOURCE[p.source],
      标签: p.tags.length ? p.tags.join('、') : null, '总投资（万元）': wan(p.total_investment), '外资（万美元）': wan(p.foreign_investment),
      人才层次: TIER[p.talent_tier], 重大核心技术: YES(p.major_technology), 重大产业化: YES(p.major_industrialisation),
      重大市场前景: YES(p.major_market), '能耗（吨标煤）': p.energy_use, '用地（平方米）': p.land_area,
      '达产产值（万元）': p.annual_output === null ? null : wan(p.annual_output), 项目简介: p.description || null,
      ...Object.fromEntries(STEPS.flatMap(([step, zh]) => [
        [`计划${zh}日期`, p.milestones[step].planned ? `${p.milestones[step].planned} 00:00:00` : null],
        [`实际${zh}日期`, p.milestones[step].actual ? `${p.milestones[step].actual} 00:00:00` : null]])),
      阶段: p.stage ? STAGE[p.stage] : null, 梯队: POOL[p.pool], 规模档次: p.size_label,
      '本年计划（万元）': p.plans[String(TODAY.getFullYear())] === undefined ? null : wan(p.year_plan),
      '本年完成（万元）': wan(p.year_to_date), '累计完成（万元）': wan(p.invested_total), 预警: LIGHT[p.warning],
      预警原因: p.warning_reasons.length ? p.warning_reasons.map((w) => w.text_zh).join('；') : null,
      更新时间: p.updated_at.replace('T', ' ').replace('Z', ''),
    });
    const col = (h) => HEADERS.indexOf(h);
    assert.equal(row[col('总投资（万元）')].t, 'n', 'amounts are numbers');
    assert.equal(row[col('总投资（万元）')].fmt, '#,##0.00');
    const dated = STEPS.map(([, zh]) => col(`计划${zh}日期`)).find((i) => row[i].v);
    assert.equal(row[dated].t, 'd', 'dates are date cells');
    assert.equal(row[dated].fmt, 'yyyy-mm-dd');
  });

  test('takes the list\'s filters and sort as CSV, and a scoped reader exports only its subtree', async () => {
    const query = 'category=industry&sort=code&min_investment=10000000000';
    const r = await srv.get(`${P}/export?format=csv&${query}`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers['content-disposition'], /filename="projects\.csv"/);
    const rows = parseCsv(r.text);
    assert.deepEqual(rows[0], HEADERS);
    assert.deepEqual(rows.slice(1).map((row) => row[0]), (await list(srv, query)).map((p) => p.code));

    const mine = await list(clients.reporter, 'sort=code');
    const all = await list(srv, 'sort=code');
    assert.ok(mine.length > 0 && mine.length < all.length, `${mine.length} of ${all.length}`);
    const scoped = await clients.reporter.get(`${P}/export?format=csv&sort=code`);
    assert.equal(scoped.status, 200, scoped.text);
    assert.deepEqual(parseCsv(scoped.text).slice(1).map((row) => row[0]), mine.map((p) => p.code));
    assertError(await srv.get(`${P}/export?page=1`), 400, 'bad_query', 'page');
    assertError(await srv.get(`${P}/export?format=pdf`), 400, 'bad_query', 'format');
    assertError(await srv.get(`${P}/export?stage=launched`), 400, 'bad_query', 'stage');
  });

  test('imports back into the same city with every project unchanged, as xlsx and as CSV', async () => {
    const before = await list();
    const auditBefore = (await srv.get('/api/v1/audit?resource=project&page_size=1')).json.total;
    const x = await srv.get(`${P}/export`);
    const back = await srv.request('POST', `${P}/import`, { body: x.bytes, headers: { 'Content-Type': XLSX_TYPE } });
    assert.equal(back.status, 200, back.text.slice(0, 2000));
    assert.deepEqual([back.json.created, back.json.updated, back.json.unchanged], [0, 0, before.length]);
    const csv = await srv.get(`${P}/export?format=csv`);
    const again = await csvUpload(srv, `${P}/import`, csv.text);
    assert.equal(again.status, 200, again.text.slice(0, 2000));
    assert.deepEqual([again.json.created, again.json.updated, again.json.unchanged], [0, 0, before.length]);
    assert.deepEqual(await list(), before, 'every project as it was');
    assert.equal((await srv.get('/api/v1/audit?resource=project&page_size=1')).json.total, auditBefore, 'nothing logged');
  });

  test('gives an import template whose example row imports', async () => {
    const t = await srv.get(`${P}/import-template`);
    assert.equal(t.status, 200, t.text);
    assert.match(t.headers['content-disposition'], /filename="projects-import-template\.xlsx"/);
    const x = readXlsx(t.bytes);
    assert.deepEqual(x.sheets, ['项目', '说明']);
    const importable = HEADERS.filter((h) => !['企业名称', '阶段', '梯队', '规模档次', '本年完成（万元）', '累计完成（万元）', '预警', '预警原因', '更新时间'].includes(h));
    assert.deepEqual(values([x.rows[1]])[0], importable);
    const dry = await srv.request('POST', `${P}/import?dry_run=true`, { body: t.bytes, headers: { 'Content-Type': XLSX_TYPE } });
    assert.equal(dry.status, 200, dry.text);
    assert.deepEqual([dry.json.created, dry.json.updated, dry.json.unchanged], [1, 0, 0]);
  });
});

describe('the projects import', () => {
  const HEAD = '项目编码,项目名称,企业统一社会信用代码,责任单位,载体,行业代码,项目类别,项目来源,标签,总投资（万元）,外资（万美元）,人才层次,' +
    '重大核心技术,能耗（吨标煤）,达产产值（万元）,项目简介,计划签约日期,实际签约日期,计划开工日期,实际开工日期,本年计划（万元）\n';

  test('creates projects with milestones, references by code or name and this year\'s plan; derived as a create derives', async () => {
    const enterprise = (await srv.get('/api/v1/enterprises?page_size=1&sort=id')).json.items[0];
    const town = byCode['TOWN-01'];
    const park = units.find((u) => u.kind === 'park');
    const sheet = HEAD +
      `SH-NEW-1,导入新材料项目,${enterprise.credit_code},TOWN-01,${park.code},3741 飞机制造,产业,外资,外资、沪苏对接,60000,1.5,省级,是,1200,90000,一期,` +
      `${daysAgo(300)},${daysAgo(280)},${daysAgo(120)},,1234.5\n` +
      `SH-NEW-2,导入道路项目,,${town.name},,,基础设施,内资,,8000,,,否,,,,,,${daysAgo(-30)},,\n`;
    const dry = await csvUpload(srv, `${P}/import`, sheet, '?dry_run=true');
    assert.equal(dry.status, 200, dry.text);
    assert.deepEqual([dry.json.created, dry.json.updated, dry.json.unchanged, dry.json.dry_run], [2, 0, 0, true]);
    assert.equal(await byProjectCode('SH-NEW-1'), undefined, 'a dry run writes nothing');
    const r = await csvUpload(srv, `${P}/import`, sheet);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.created, r.json.updated, r.json.unchanged], [2, 0, 0]);
    assert.deepEqual(r.json.preview.map((p) => p.action), ['create', 'create']);

    const p = await byProjectCode('SH-NEW-1');
    const full = (await srv.get(`${P}/${p.id}`)).json;
    assert.deepEqual({
      name: full.name, enterprise_id: full.enterprise_id, unit_id: full.unit_id, carrier_id: full.carrier_id,
      industry_code: full.industry_code, category: full.category, source: full.source, tags: full.tags,
      total_investment: full.total_investment, foreign_investment: full.foreign_investment, talent_tier: full.talent_tier,
      major_technology: full.major_technology, energy_use: full.energy_use, annual_output: full.annual_output,
      land_area: full.land_area, description: full.description, signed: full.milestones.signed, started: full.milestones.started,
      plans: full.plans,
    }, {
      name: '导入新材料项目', enterprise_id: enterprise.id, unit_id: town.id, carrier_id: park.id, industry_code: '3741',
      category: 'industry', source: 'foreign', tags: ['外资', '沪苏对接'], total_investment: 60000000000,
      foreign_investment: 1500000, talent_tier: 'provincial', major_technology: true, energy_use: 1200,
      annual_output: 90000000000, land_area: null, description: '一期', signed: { planned: daysAgo(300), actual: daysAgo(280) },
      started: { planned: daysAgo(120), actual: null }, plans: { [TODAY.getFullYear()]: 1234500000 },
    });
    assert.equal(full.stage, 'signed');
    assert.equal(full.pool, 'preliminary');
    assert.equal(full.warning, 'red', '开工 120 days late');

    // the same fields through POST give the same stage, pool, size class and light
    const twin = await srv.post(P, {
      code: 'SH-TWIN-1', name: full.name, enterprise_id: enterprise.id, unit_id: town.id, carrier_id: park.id, industry_code: '3741',
      category: 'industry', source: 'foreign', tags: full.tags, total_investment: full.total_investment,
      foreign_investment: full.foreign_investment, talent_tier: 'provincial', major_technology: true, energy_use: 1200,
      annual_output: full.annual_output, description: '一期', milestones: { signed: full.milestones.signed, started: full.milestones.started },
      plans: full.plans,
    });
    assert.equal(twin.status, 201, twin.text);
    assert.deepEqual(derived(full), derived(twin.json));
    const road = (await srv.get(`${P}/${(await byProjectCode('SH-NEW-2')).id}`)).json;
    assert.deepEqual([road.unit_id, road.category, road.stage, road.pool, road.warning, road.milestones.started.planned],
      [town.id, 'infrastructure', null, 'reserve', 'green', daysAgo(-30)], 'the unit by its name');
    assert.deepEqual((await logOf('project', p.id)).map((x) => x.action), ['create']);
  });

  test('updates only the columns the sheet has; an empty cell clears; the same sheet again changes nothing', async () => {
    const before = await byProjectCode('SH-NEW-1');
    const sheet = '项目编码,项目名称,责任单位,项目类别,项目来源,标签,实际开工日期,本年计划（万元）\n' +
      `SH-NEW-1,改名的新材料项目,TOWN-01,产业,外资,,${daysAgo(10)},\n`;
    const r = await csvUpload(srv, `${P}/import`, sheet);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.created, r.json.updated, r.json.unchanged], [0, 1, 0]);
    const after = (await srv.get(`${P}/${before.id}`)).json;
    assert.deepEqual([after.name, after.tags, after.milestones.started.actual, after.stage, after.pool, after.plans],
      ['改名的新材料项目', [], daysAgo(10), 'started', 'construction', {}]);
    assert.deepEqual([after.total_investment, after.foreign_investment, after.enterprise_id, after.carrier_id, after.milestones.signed],
      [before.total_investment, before.foreign_investment, before.enterprise_id, before.carrier_id, before.milestones.signed],
      'columns the sheet lacks stay as they were');
    const again = await csvUpload(srv, `${P}/import`, sheet);
    assert.deepEqual([again.json.created, again.json.updated, again.json.unchanged], [0, 0, 1], again.text);
  });

  test('lists every kind of bad cell, each with its row and column, and writes nothing', async () => {
    const twins = ['SH-TWIN-A', 'SH-TWIN-B'];
    for (const code of twins) {
      const u = await srv.post('/api/v1/units', { code, name: '同名单位', kind: 'other' });
      assert.equal(u.status, 201, u.text);
    }
    const head = '项目编码,项目名称,责任单位,项目类别,项目来源,企业统一社会信用代码,载体,行业代码,标签,总投资（万元）,外资（万美元）,' +
      '计划签约日期,实际签约日期,实际开工日期,本年计划（万元）\n';
    const ok = (code) => [code, '坏表项目', 'TOWN-01', '产业', '内资', '', '', '', '', '', '', '', '', '', ''];
    const rows = [];
    const bad = (col, value, expect) => { const r = ok(`SH-BAD-${rows.length + 2}`); r[col] = value; rows.push(r); return expect; };
    const expected = [
      bad(0, 'BAD CODE', 'A'), // the code's rule
      bad(1, '', 'B'), // a required cell empty
      bad(2, 'NO-SUCH-UNIT', 'C'), // no unit of that code or name
      bad(2, '同名单位', 'C'), // several units of that name
      bad(3, '火箭', 'D'), // not a choice
      bad(4, '月球', 'E'),
      bad(5, '91110000100000000R', 'F'), // no enterprise of that credit code
      bad(6, 'NOWHERE', 'G'), // no carrier
      bad(7, '9999', 'H'), // not an industry code
      bad(8, '重点、重点', 'I'), // a tag twice
      bad(9, '-5', 'J'), // a negative amount
      bad(10, 'abc', 'K'), // not an amount
      bad(11, '2020-02-30', 'L'), // not a date
      bad(12, daysAgo(-3), 'M'), // an actual date after today
      bad(14, '1.2.3', 'O'),
    ];
    const order = ok(`SH-BAD-${rows.length + 2}`); // started before signed: the later step's cell
    order[12] = daysAgo(10);
    order[13] = daysAgo(20);
    rows.push(order);
    expected.push('N');
    rows.push(ok('SH-BAD-REPEAT'), ok('SH-BAD-REPEAT')); // a good row, then its code again
    expected.push(null, 'A');
    const text = head + rows.map((r) => r.join(',')).join('\n') + '\n';
    const before = await list();
    const r = await csvUpload(srv, `${P}/import`, text);
    const cells = refusedCells(r);
    const want = expected.map((col, i) => (col ? [i + 2, col, head.split(',')[col.charCodeAt(0) - 65].trim()] : null)).filter(Boolean);
    assert.deepEqual(cells, want);
    const typed = r.json.error.cells.find((c) => c.column === 'J');
    assert.equal(typed.value, '-5', 'an amount as it was typed');
    assert.match(r.json.error.cells.find((c) => c.column === 'N').reason_zh, /开工实际日期 .* 早于签约实际日期/);
    assert.deepEqual(await list(), before, 'nothing written');
  });

  test('only the administrator and the project office import; readers get 403', async () => {
    const sheet = `项目编码,项目名称,责任单位,项目类别,项目来源\nSH-ROLE-1,角色测试,TOWN-01,产业,内资\n`;
    assertError(await csvUpload(clients.reporter, `${P}/import`, sheet), 403, 'forbidden');
    assertError(await csvUpload(clients.leader, `${P}/import`, sheet), 403, 'forbidden');
    const r = await csvUpload(clients.project, `${P}/import`, sheet, '?dry_run=true');
    assert.equal(r.status, 200, r.text);
    assertError(await srv.anon.request('POST', `${P}/import`, { body: sheet, headers: { 'Content-Type': 'text/csv' } }), 401, 'unauthenticated');
  });

  test('the command line imports and exports projects', async () => {
    const file = join(work, 'cli.csv');
    writeFileSync(file, `项目编码,项目名称,责任单位,项目类别,项目来源,总投资（万元）\nSH-CLI-1,命令行导入项目,TOWN-01,其他,港澳台,12.5\n`);
    const r = cli(['import', 'projects', file, '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).created, 1);
    const out = join(work, 'cli-export.csv');
    const x = cli(['export', 'projects', out, '--db', srv.db]);
    assert.equal(x.status, 0, x.stderr);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    assert.deepEqual(rows[0], HEADERS);
    const row = rows.find((rr) => rr[0] === 'SH-CLI-1');
    assert.deepEqual(row.slice(0, 11), ['SH-CLI-1', '命令行导入项目', '', '', 'TOWN-01', '', '', '其他', '港澳台', '', '12.5']);
  });
});

describe('the month\'s progress in Excel', () => {
  const PROGRESS = '/api/v1/progress';
  /** The month a project may first report: the earliest actual 签约, 注册 or 开工, "YYYY-MM". */
  const firstMonth = (p) => ['signed', 'registered', 'started'].map((s) => p.milestones[s].actual).filter(Boolean).sort()[0]?.slice(0, 7);

  test('the reporter\'s template lists the projects it reports this month, with what was filed', async () => {
    const screen = await clients.reporter.get(`${PROGRESS}?month=${THIS_MONTH}`);
    assert.equal(screen.status, 200, screen.text);
    const expected = screen.json.items.filter((i) => firstMonth(i.project) && firstMonth(i.project) <= THIS_MONTH);
    assert.ok(expected.length >= 3, `${expected.length} projects report this month`);
    const t = await clients.reporter.get(`${PROGRESS}/import-template?month=${THIS_MONTH}`);
    assert.equal(t.status, 200, t.text);
    assert.match(t.headers['content-disposition'], new RegExp(`filename="progress-import-template-${THIS_MONTH}\\.xlsx"`));
    const x = readXlsx(t.bytes);
    assert.match(x.rows[0][0].v, new RegExp(`^${THIS_MONTH} 月度进度`));
    assert.deepEqual(values([x.rows[1]])[0], PROGRESS_HEADERS);
    assert.deepEqual(values(x.rows.slice(2)).map((r) => [r[0], r[1], r[2] ?? null]),
      expected.map((i) => [i.project.code, i.project.name, i.report ? i.report.amount / 1e6 : null]));
    assertError(await clients.reporter.get(`${PROGRESS}/import-template?month=2099-01`), 400, 'bad_query', 'month');
    assertError(await clients.reporter.get(`${PROGRESS}/import-template?month=2026-13`), 400, 'bad_query', 'month');
    assertError(await clients.leader.get(`${PROGRESS}/import-template`), 403, 'forbidden');
  });

  test('the reporter imports the filled template: reports filed, totals recomputed, each logged', async () => {
    const t = await clients.reporter.get(`${PROGRESS}/import-template?month=${THIS_MONTH}`);
    const rows = values(readXlsx(t.bytes).rows.slice(2)).slice(0, 3);
    const projects = await Promise.all(rows.map(async (r) => (await srv.get(`${P}/${(await byProjectCode(r[0])).id}`)).json));
    const reportsBefore = await Promise.all(projects.map(async (p) => (await srv.get(`${P}/${p.id}/reports`)).json.items));
    const filed = (i) => reportsBefore[i].find((x) => x.month === THIS_MONTH);
    const sheet = `${PROGRESS_HEADERS.join(',')}\n` + rows.map((r, i) => `${r[0]},${r[1]},${10 + i}.25,第${i + 1}号楼封顶`).join('\n') + '\n';
    const dry = await csvUpload(clients.reporter, `${PROGRESS}/import`, sheet, `?month=${THIS_MONTH}&dry_run=true`);
    assert.equal(dry.status, 200, dry.text);
    assert.deepEqual(projects.map((p) => p.invested_total), await Promise.all(projects.map(async (p) => (await srv.get(`${P}/${p.id}`)).json.invested_total)),
      'a dry run writes nothing');
    const r = await csvUpload(clients.reporter, `${PROGRESS}/import`, sheet, `?month=${THIS_MONTH}`);
    assert.equal(r.status, 200, r.text);
    const created = rows.filter((_, i) => !filed(i)).length;
    assert.deepEqual([r.json.created, r.json.updated, r.json.unchanged], [created, rows.length - created, 0]);
    for (const [i, p] of projects.entries()) {
      const reports = (await srv.get(`${P}/${p.id}/reports`)).json.items;
      const now = reports.find((x) => x.month === THIS_MONTH);
      assert.deepEqual([now.amount, now.progress, now.reporter_name], [(10 + i) * 1000000 + 250000, `第${i + 1}号楼封顶`, 'reporter']);
      const after = (await srv.get(`${P}/${p.id}`)).json;
      assert.equal(after.invested_total, p.invested_total - (filed(i)?.amount || 0) + now.amount, 'the running total');
      assert.equal(now.cumulative, after.invested_total - reports.filter((x) => x.month > THIS_MONTH).reduce((s, x) => s + x.amount, 0));
    }
    assert.equal((await logOf('progress', projects[0].id))[0].username, 'reporter');
    const again = await csvUpload(clients.reporter, `${PROGRESS}/import`, sheet, `?month=${THIS_MONTH}`);
    assert.deepEqual([again.json.created, again.json.updated, again.json.unchanged], [0, 0, rows.length], again.text);
  });

  test('a row outside the reporter\'s scope, an unknown code and a month a project may not report are refused; nothing is written', async () => {
    const mine = new Set((await list(clients.reporter)).map((p) => p.id));
    const all = await list();
    const reporting = all.filter((p) => firstMonth(p) && firstMonth(p) <= THIS_MONTH);
    const inScope = reporting.find((p) => mine.has(p.id));
    const outside = reporting.find((p) => !mine.has(p.id));
    const early = all.find((p) => mine.has(p.id) && !firstMonth(p));
    assert.ok(inScope && outside && early);
    const reportsOf = async (p) => (await srv.get(`${P}/${p.id}/reports`)).json.items;
    const before = [await reportsOf(inScope), await reportsOf(outside), await reportsOf(early)];
    const sheet = `项目编码,本月完成投资（万元）,形象进度\n${inScope.code},7,\n${outside.code},7,\nNO-SUCH-PROJECT,7,\n${early.code},7,\n${inScope.code},8,\n`;
    const r = await csvUpload(clients.reporter, `${PROGRESS}/import`, sheet, `?month=${THIS_MONTH}`);
    assert.deepEqual(refusedCells(r), [[3, 'A', '项目编码'], [4, 'A', '项目编码'], [5, 'A', '项目编码'], [6, 'A', '项目编码']]);
    assert.match(r.json.error.cells[0].reason_zh, /您的填报范围内没有编码为/);
    assert.match(r.json.error.cells[2].reason_zh, /尚未签约、注册或开工/);
    assert.match(r.json.error.cells[3].reason_zh, /与第 2 行重复/);
    assert.deepEqual([await reportsOf(inScope), await reportsOf(outside), await reportsOf(early)], before, 'nothing written');
    const bad = await csvUpload(clients.reporter, `${PROGRESS}/import`, `项目编码,本月完成投资（万元）\n${inScope.code},-1\n${inScope.code}X,\n`, `?month=${THIS_MONTH}`);
    assert.deepEqual(refusedCells(bad), [[2, 'B', '本月完成投资（万元）'], [3, 'B', '本月完成投资（万元）']]);
    assertError(await csvUpload(clients.reporter, `${PROGRESS}/import`, sheet, '?month=2026-1'), 400, 'bad_query', 'month');
    assertError(await csvUpload(clients.leader, `${PROGRESS}/import`, sheet, `?month=${THIS_MONTH}`), 403, 'forbidden');
    // the administrator's scope is the whole city: the project outside the town reports
    const admin = await csvUpload(srv, `${PROGRESS}/import`, `项目编码,本月完成投资（万元）\n${outside.code},7\n`, `?month=${THIS_MONTH}`);
    assert.equal(admin.status, 200, admin.text);
  });

  test('the command line imports a month\'s progress', async () => {
    const p = (await list()).find((x) => firstMonth(x) && firstMonth(x) <= THIS_MONTH);
    const file = join(work, 'progress.csv');
    writeFileSync(file, `项目编码,本月完成投资（万元）,形象进度\n${p.code},3.5,命令行填报\n`);
    const r = cli(['import', 'progress', file, '--db', srv.db, '--month', THIS_MONTH]);
    assert.equal(r.status, 0, r.stderr);
    const reports = (await srv.get(`${P}/${p.id}/reports`)).json.items;
    assert.deepEqual(reports.filter((x) => x.month === THIS_MONTH).map((x) => [x.amount, x.progress]), [[3500000, '命令行填报']]);
    const wrong = cli(['import', 'progress', file, '--db', srv.db, '--month', '2099-01']);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /2099-01/);
  });
});
