// The speed report, its .xlsx export, the cockpit and the yearly targets (docs/api-contract.md,
// "Warnings, settings, statistics"): every figure checked against numbers worked out by hand from
// a handful of projects on an empty database. The report is of last year (Y), so that every date
// lies in the past whatever today is; the year before (Y-1) gives the "last year" speeds.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopAndCheck, assertError, sql } from './server.mjs';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const YI = 10000000000; // 1 亿元 in fen
const pad = (n) => String(n).padStart(2, '0');
const NOW = new Date();
const isoDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const daysAgo = (n) => isoDay(new Date(NOW.getFullYear(), NOW.getMonth(), NOW.getDate() - n));
const Y = NOW.getFullYear() - 1;
const L = Y - 1;
const day = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
const between = (a, b) => (Date.UTC(...b.split('-').map((x, i) => Number(x) - (i === 1 ? 1 : 0))) - Date.UTC(...a.split('-').map((x, i) => Number(x) - (i === 1 ? 1 : 0)))) / 86400000;
const PW = 'a-long-enough-password';

let srv;
const u = {};   // units by key
const p = {};   // projects by key
let work;

async function unit(key, body) {
  const r = await srv.post('/api/v1/units', { code: key, name: body.name, kind: body.kind || 'town', parent_id: body.parent_id ?? null });
  assert.equal(r.status, 201, r.text);
  u[key] = r.json;
}
async function project(key, body) {
  const r = await srv.post('/api/v1/projects', { code: key, name: `项目${key}`, category: 'industry', source: 'domestic', ...body });
  assert.equal(r.status, 201, `${key}: ${r.text}`);
  p[key] = r.json;
}
async function report(key, month, amount) {
  const r = await srv.request('PUT', `/api/v1/projects/${p[key].id}/reports/${month}`, { json: { amount } });
  assert.equal(r.status, 200, `${key} ${month}: ${r.text}`);
}
async function stats(qs, as = srv) {
  const r = await as.get(`/api/v1/project-stats?${qs}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const EMPTY_COUNT = { count: 0, amount: 0, target_count: null, target_amount: null };
const NO_SPEED = { n: 0, median: null, last_n: 0, last_median: null };
/** The row a group with the given figures reports (the rest zero or null). */
function row(key, label, f) {
  return {
    key, total: key === '', label, projects: f.projects,
    signed: { ...EMPTY_COUNT, ...f.signed }, started: { ...EMPTY_COUNT, ...f.started },
    completed: { ...EMPTY_COUNT, ...f.completed }, production: { ...EMPTY_COUNT, ...f.production },
    months: f.months || Array(12).fill(0), invested: f.invested || 0, plan: f.plan || 0,
    investment_target: f.investment_target ?? null,
    speed: {
      signed_started: { ...NO_SPEED, ...f.signed_started }, started_completed: { ...NO_SPEED, ...f.started_completed },
      started_production: { ...NO_SPEED, ...f.started_production },
    },
    problems: { closed: 0, median_days: null, open_overdue: 0, ...f.problems },
  };
}
const months = (entries) => { const m = Array(12).fill(0); for (const [k, v] of Object.entries(entries)) m[k - 1] = v; return m; };

// The projects (Y = last year, L = the year before):
//   A1 unit A, park K1, industry 3011 (C), 3 亿: signed Y-01-10, started Y-01-20 (10 d), completed Y-06-20; plan Y 1000; reports Y-01 100, Y-03 200
//   A2 unit A, park K1, industry C, 2 亿: signed Y-02-01, started Y-02-14 (13 d); a planned completion 100 days ago (red); plan Y 500; report Y-02 50
//   B1 unit B, no park, no industry, 20 亿: signed L-03-01, started L-03-21 (20 d, last year), production Y-05-01; plan Y 2000; reports L-12 999, Y-04 1000
//   B2 unit B, park K2, industry 6511 (I), 0.5 亿: signed Y-07-01; a planned start 10 days ago (yellow); plan L 70; report Y-07 7
const A1 = { signed: day(Y, 1, 10), started: day(Y, 1, 20), completed: day(Y, 6, 20) };
const A2 = { signed: day(Y, 2, 1), started: day(Y, 2, 14) };
const B1 = { signed: day(L, 3, 1), started: day(L, 3, 21), production: day(Y, 5, 1) };
const B2 = { signed: day(Y, 7, 1) };

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'pacesetter-stats-'));
  srv = await startServer({ data: 'empty' });
  await unit('A', { name: '甲镇' });
  await unit('B', { name: '乙镇' });
  await unit('K1', { name: '一号园', kind: 'park' });
  await unit('K2', { name: '二号园', kind: 'park' });
  const ms = (x, extra = {}) => Object.fromEntries([...Object.entries(x).map(([k, v]) => [k, { actual: v }]), ...Object.entries(extra)]);
  await project('A1', { unit_id: u.A.id, carrier_id: u.K1.id, industry_code: '3011', total_investment: 3 * YI, milestones: ms(A1), plans: { [Y]: 1000 } });
  await project('A2', {
    unit_id: u.A.id, carrier_id: u.K1.id, industry_code: 'C', total_investment: 2 * YI,
    milestones: ms(A2, { completed: { planned: daysAgo(100) } }), plans: { [Y]: 500 },
  });
  await project('B1', { unit_id: u.B.id, total_investment: 20 * YI, milestones: ms(B1), plans: { [Y]: 2000 } });
  await project('B2', {
    unit_id: u.B.id, carrier_id: u.K2.id, industry_code: '6511', total_investment: YI / 2,
    milestones: ms(B2, { started: { planned: daysAgo(10) } }), plans: { [L]: 70 },
  });
  await report('A1', `${Y}-01`, 100);
  await report('A1', `${Y}-03`, 200);
  await report('A2', `${Y}-02`, 50);
  await report('B1', `${L}-12`, 999);
  await report('B1', `${Y}-04`, 1000);
  await report('B2', `${Y}-07`, 7);
});
after(async () => {
  await stopAndCheck(srv);
  rmSync(work, { recursive: true, force: true });
});

const SPEED_A = { signed_started: { n: 2, median: 11.5 }, started_completed: { n: 1, median: between(A1.started, A1.completed) } };
const SPEED_B = { signed_started: { last_n: 1, last_median: 20 }, started_production: { n: 1, median: between(B1.started, B1.production) } };
const ROW_A = {
  projects: 2, signed: { count: 2, amount: 5 * YI }, started: { count: 2, amount: 5 * YI }, completed: { count: 1, amount: 3 * YI },
  months: months({ 1: 100, 2: 50, 3: 200 }), invested: 350, plan: 1500, ...SPEED_A,
};
const ROW_B = {
  projects: 2, signed: { count: 1, amount: YI / 2 }, production: { count: 1, amount: 20 * YI },
  months: months({ 4: 1000, 7: 7 }), invested: 1007, plan: 2000, ...SPEED_B,
};
const TOTAL = {
  projects: 4, signed: { count: 3, amount: 5.5 * YI }, started: { count: 2, amount: 5 * YI }, completed: { count: 1, amount: 3 * YI },
  production: { count: 1, amount: 20 * YI }, months: months({ 1: 100, 2: 50, 3: 200, 4: 1000, 7: 7 }), invested: 1357, plan: 3500,
  signed_started: { n: 2, median: 11.5, last_n: 1, last_median: 20 }, started_completed: SPEED_A.started_completed,
  started_production: SPEED_B.started_production,
};

describe('the speed report', () => {
  test('by unit: counts and amounts of the steps reached in the year, investment by month, plans, medians, and the total', async () => {
    const s = await stats(`year=${Y}&group=unit`);
    assert.deepEqual(s, {
      year: Y, group: 'unit',
      rows: [row(String(u.A.id), '甲镇', ROW_A), row(String(u.B.id), '乙镇', ROW_B), row('', '合计', TOTAL)],
    });
  });

  test('the default group is unit and the default year this one', async () => {
    const s = await stats('');
    assert.equal(s.year, NOW.getFullYear());
    assert.equal(s.group, 'unit');
    assert.deepEqual(s.rows.at(-1).months, Array(12).fill(0), 'nothing reported this year');
    assert.equal(s.rows.at(-1).projects, 4);
  });

  test('by park: the carrier parks, then the projects without one (未指定, key 0)', async () => {
    const s = await stats(`year=${Y}&group=park`);
    assert.deepEqual(s.rows.map((r) => [r.key, r.label, r.projects]), [
      [String(u.K1.id), '一号园', 2], [String(u.K2.id), '二号园', 1], ['0', '未指定', 1], ['', '合计', 4]]);
    assert.deepEqual(s.rows[0], row(String(u.K1.id), '一号园', ROW_A), 'park K1 holds exactly unit A\'s projects');
    assert.deepEqual(s.rows[1].signed, { ...EMPTY_COUNT, count: 1, amount: YI / 2 });
    assert.deepEqual(s.rows[2].production, { ...EMPTY_COUNT, count: 1, amount: 20 * YI });
    assert.deepEqual(s.rows.at(-1), row('', '合计', TOTAL), 'the total does not depend on the grouping');
  });

  test('by industry: GB/T 4754 sections (a division and the section itself fall in it), then 未指定', async () => {
    const s = await stats(`year=${Y}&group=industry`);
    assert.deepEqual(s.rows.map((r) => [r.key, r.label, r.projects]), [
      ['C', '制造业', 2], ['I', '信息传输、软件和信息技术服务业', 1], ['-', '未指定', 1], ['', '合计', 4]]);
    assert.deepEqual(s.rows.at(-1), row('', '合计', TOTAL));
  });

  test('by size class: labelled by the city\'s thresholds', async () => {
    const labels = (await srv.get('/api/v1/project-settings/size-classes')).json.labels;
    const s = await stats(`year=${Y}&group=size_class`);
    assert.deepEqual(s.rows.map((r) => [r.key, r.label, r.projects]), [
      ['0', labels[0], 1], ['1', labels[1], 2], ['3', labels[3], 1], ['', '合计', 4]]);
    assert.deepEqual(s.rows[1], row('1', labels[1], ROW_A), '3 亿 and 2 亿: unit A\'s two projects');
  });

  test('medians are of the days between the steps: an even count gives the mean of the middle two', async () => {
    // a third project of unit A signed→started in 40 days: 10, 13, 40 → 13; a fourth in 12 days: 10, 12, 13, 40 → 12.5
    await project('A3', { unit_id: u.A.id, milestones: { signed: { actual: day(Y, 3, 1) }, started: { actual: day(Y, 4, 10) } } });
    let s = await stats(`year=${Y}`);
    assert.deepEqual(s.rows[0].speed.signed_started, { n: 3, median: 13, last_n: 0, last_median: null });
    await project('A4', { unit_id: u.A.id, milestones: { signed: { actual: day(Y, 3, 1) }, started: { actual: day(Y, 3, 13) } } });
    s = await stats(`year=${Y}`);
    assert.deepEqual(s.rows[0].speed.signed_started, { n: 4, median: 12.5, last_n: 0, last_median: null });
    assert.deepEqual(s.rows.at(-1).speed.signed_started, { n: 4, median: 12.5, last_n: 1, last_median: 20 });
    // the next year sees this year's as last year's
    const next = await stats(`year=${Y + 1}`);
    assert.deepEqual(next.rows.at(-1).speed.signed_started, { n: 0, median: null, last_n: 4, last_median: 12.5 });
    for (const k of ['A3', 'A4']) assert.equal((await srv.del(`/api/v1/projects/${p[k].id}`)).status, 204);
    assert.deepEqual((await stats(`year=${Y}`)).rows.at(-1), row('', '合计', TOTAL), 'back as before');
  });

  test('problems: closed in the year with the median days to close, and open past their deadline', async () => {
    const y = NOW.getFullYear();
    const raise = async (key, createdDaysAgo) => {
      const r = await srv.post('/api/v1/problems', { project_id: p[key].id, title: `问题${key}` });
      assert.equal(r.status, 201, r.text);
      const id = r.json.id;
      const at = new Date(Date.now() - createdDaysAgo * 86400000 - 3600000).toISOString().replace(/\.\d+Z$/, 'Z');
      sql(srv.db, `UPDATE problems SET created_at = '${at}' WHERE id = ${id}`);
      assert.equal((await srv.post(`/api/v1/problems/${id}/assign`, { unit_id: p[key].unit_id, deadline: daysAgo(0) })).status, 200);
      return id;
    };
    const a = await raise('A1', 10);
    const b = await raise('A2', 13);
    const open = await raise('B1', 1);
    for (const id of [a, b]) {
      assert.equal((await srv.post(`/api/v1/problems/${id}/accept`, {})).status, 200);
      assert.equal((await srv.post(`/api/v1/problems/${id}/resolve`, {})).status, 200);
    }
    assert.deepEqual([(await srv.get(`/api/v1/problems/${a}`)).json.days_to_close, (await srv.get(`/api/v1/problems/${b}`)).json.days_to_close], [10, 13]);
    sql(srv.db, `UPDATE problems SET deadline = '${daysAgo(2)}' WHERE id = ${open}`);
    const s = await stats(`year=${y}`);
    assert.deepEqual(s.rows.map((r) => r.problems), [
      { closed: 2, median_days: 11.5, open_overdue: 0 },
      { closed: 0, median_days: null, open_overdue: 1 },
      { closed: 2, median_days: 11.5, open_overdue: 1 },
    ]);
    const last = await stats(`year=${Y}`);
    assert.deepEqual(last.rows.at(-1).problems, { closed: 0, median_days: null, open_overdue: 1 }, 'closed this year, not last; overdue now');
    // put the problems out of the way of the other figures
    assert.equal((await srv.post(`/api/v1/problems/${open}/accept`, {})).status, 200);
    assert.equal((await srv.post(`/api/v1/problems/${open}/resolve`, {})).status, 200);
  });

  test('refuses a bad year or group (400 bad_query)', async () => {
    for (const [qs, field] of [['year=1989', 'year'], ['year=2101', 'year'], ['year=x', 'year'], ['group=town', 'group'],
      ['group=', 'group'], ['sort=key', 'sort'], ['year=2025&year=2026', 'year']]) {
      assertError(await srv.get(`/api/v1/project-stats?${qs}`), 400, 'bad_query', field);
      assertError(await srv.get(`/api/v1/project-stats/export?${qs}`), 400, 'bad_query', field);
    }
    assertError(await srv.get('/api/v1/cockpit?year=1989'), 400, 'bad_query', 'year');
    assertError(await srv.get('/api/v1/cockpit?group=unit'), 400, 'bad_query', 'group');
  });
});

describe('targets', () => {
  const path = `/api/v1/project-settings/targets/${Y}`;
  const put = (json, as = srv) => as.request('PUT', path, { json });

  test('PUT replaces the year\'s targets and GET answers them, by unit then measure; the report shows them', async () => {
    assert.deepEqual((await srv.get(path)).json, { year: Y, targets: [] });
    const r = await put({ targets: [
      { unit_id: u.A.id, measure: 'started', count: 3, amount: 6 * YI },
      { unit_id: 0, measure: 'signed', count: 5, amount: 10 * YI },
      { measure: 'production', count: 2 },
      { unit_id: u.B.id, measure: 'signed', count: 1, amount: YI },
      { unit_id: u.A.id, measure: 'investment', amount: 2000 },
    ] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { year: Y, targets: [
      { unit_id: 0, measure: 'production', count: 2, amount: 0 },
      { unit_id: 0, measure: 'signed', count: 5, amount: 10 * YI },
      { unit_id: u.A.id, measure: 'investment', count: 0, amount: 2000 },
      { unit_id: u.A.id, measure: 'started', count: 3, amount: 6 * YI },
      { unit_id: u.B.id, measure: 'signed', count: 1, amount: YI },
    ] });
    assert.deepEqual((await srv.get(path)).json, r.json);
    const s = await stats(`year=${Y}`);
    assert.deepEqual(s.rows[0].started, { count: 2, amount: 5 * YI, target_count: 3, target_amount: 6 * YI });
    assert.deepEqual(s.rows[0].signed, { count: 2, amount: 5 * YI, target_count: null, target_amount: null });
    assert.deepEqual(s.rows[1].signed, { count: 1, amount: YI / 2, target_count: 1, target_amount: YI });
    assert.deepEqual(s.rows[2].signed, { count: 3, amount: 5.5 * YI, target_count: 5, target_amount: 10 * YI }, 'the city\'s target on the total');
    assert.deepEqual(s.rows[2].production, { count: 1, amount: 20 * YI, target_count: 2, target_amount: 0 });
    assert.deepEqual(s.rows[2].started.target_count, null);
    assert.equal(s.rows[0].investment_target, 2000, 'a unit\'s investment target beside its investment');
    assert.equal(s.rows[1].investment_target, null);
    assert.equal(s.rows[2].investment_target, null, 'the city set none');
    const byPark = await stats(`year=${Y}&group=park`);
    assert.deepEqual(byPark.rows.slice(0, -1).map((x) => x.signed.target_count), [null, null, null], 'a unit\'s targets belong to the unit grouping');
    assert.equal(byPark.rows.at(-1).signed.target_count, 5);
    assert.deepEqual((await srv.get(`/api/v1/project-settings/targets/${Y + 1}`)).json, { year: Y + 1, targets: [] }, 'another year has none');
  });

  test('a PUT is logged (resource project_settings, resource_id the year)', async () => {
    assert.equal((await put({ targets: [{ unit_id: 0, measure: 'signed', count: 5, amount: 10 * YI }, { unit_id: u.A.id, measure: 'started', count: 3, amount: 6 * YI }, { unit_id: u.B.id, measure: 'signed', count: 1, amount: YI }] })).status, 200);
    const log = (await srv.get('/api/v1/audit?resource=project_settings&page_size=1000')).json.items.filter((a) => a.resource_id === Y);
    assert.ok(log.length >= 1);
    assert.deepEqual(log[0].changes, { year: [null, Y], targets: [null, 3] });
  });

  test('refuses every bad target and changes nothing', async () => {
    const before = (await srv.get(path)).json;
    const t = (x) => ({ targets: [{ unit_id: 0, measure: 'signed', count: 1, amount: 1 }, x] });
    const cases = [
      [t({ unit_id: 0, measure: 'signed', count: 2, amount: 2 }), 409, 'duplicate', 'targets'],
      [t({ unit_id: 0, measure: 'opened', count: 1, amount: 1 }), 422, 'invalid_value', 'targets[1]'],
      [t({ unit_id: 0, count: 1, amount: 1 }), 422, 'invalid_value', 'targets[1]'],
      [t({ unit_id: 0, measure: 7, count: 1, amount: 1 }), 422, 'wrong_type', 'measure'],
      [t({ unit_id: 987654, measure: 'started', count: 1, amount: 1 }), 422, 'invalid_value', 'targets[1]'],
      [t({ unit_id: -1, measure: 'started', count: 1, amount: 1 }), 422, 'invalid_value', 'targets[1]'],
      [t({ unit_id: 0, measure: 'started', count: -1, amount: 1 }), 422, 'invalid_value', 'targets[1]'],
      [t({ unit_id: 0, measure: 'started', count: 1, amount: -1 }), 422, 'invalid_value', 'targets[1]'],
      [t({ unit_id: 0, measure: 'started', count: 1000001, amount: 1 }), 422, 'invalid_value', 'targets[1]'],
      [t({ unit_id: 0, measure: 'started', count: 1, amount: 1000000000000001 }), 422, 'invalid_value', 'targets[1]'],
      [t({ unit_id: 0, measure: 'started', count: 1.5, amount: 1 }), 422, 'wrong_type', 'count'],
      [t({ unit_id: 0, measure: 'started', count: 1, amount: 1, note: 'x' }), 422, 'unknown_field', 'note'],
      [t('signed'), 422, 'wrong_type', 'targets[1]'],
      [{ targets: {} }, 422, 'wrong_type', 'targets'],
      [{}, 422, 'wrong_type', 'targets'],
      [{ targets: [], year: Y }, 422, 'unknown_field', 'year'],
      [{ targets: Array.from({ length: 2001 }, () => ({})) }, 422, 'wrong_type', 'targets'],
    ];
    for (const [json, status, code, field] of cases) {
      assertError(await put(json), status, code, field);
    }
    assertError(await srv.request('PUT', path, { body: '{"targets":[', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json');
    for (const y of ['1989', '2101', 'x', '0']) {
      assertError(await srv.request('PUT', `/api/v1/project-settings/targets/${y}`, { json: { targets: [] } }), 404, 'not_found', null);
      assertError(await srv.get(`/api/v1/project-settings/targets/${y}`), 404, 'not_found', null);
    }
    assert.deepEqual((await srv.get(path)).json, before, 'nothing changed');
  });

  test('an empty list removes the year\'s targets', async () => {
    const other = `/api/v1/project-settings/targets/${Y + 2}`;
    assert.equal((await srv.request('PUT', other, { json: { targets: [{ unit_id: 0, measure: 'completed', count: 1, amount: 0 }] } })).status, 200);
    const r = await srv.request('PUT', other, { json: { targets: [] } });
    assert.deepEqual(r.json, { year: Y + 2, targets: [] });
  });
});

describe('a town reporter sees its own subtree', () => {
  let rep;
  before(async () => {
    const r = await srv.post('/api/v1/users', { username: 'town_a', display_name: '甲镇填报员', role: 'unit_reporter', unit_id: u.A.id, password: PW });
    assert.equal(r.status, 201, r.text);
    rep = await srv.login('town_a', PW);
  });

  test('the report: only its unit\'s rows, a total of its own figures, and its own targets on the total', async () => {
    const s = await stats(`year=${Y}`, rep);
    assert.deepEqual(s.rows.map((r) => r.label), ['甲镇', '合计']);
    const total = s.rows[1];
    const mine = (await stats(`year=${Y}`)).rows[0];
    for (const k of ['projects', 'months', 'invested', 'plan', 'speed', 'problems']) assert.deepEqual(total[k], mine[k], k);
    for (const k of ['signed', 'completed', 'production']) assert.deepEqual([total[k].count, total[k].amount], [mine[k].count, mine[k].amount], k);
    assert.deepEqual(total.started, { count: 2, amount: 5 * YI, target_count: 3, target_amount: 6 * YI }, 'the unit\'s target, not the city\'s');
    assert.deepEqual(total.signed.target_count, null, 'the city\'s signing target is not the town\'s');
    const byPark = await stats(`year=${Y}&group=park`, rep);
    assert.deepEqual(byPark.rows.map((r) => r.label), ['一号园', '合计']);
  });

  test('the targets: only its own subtree\'s, neither the city\'s nor another town\'s', async () => {
    const all = (await srv.get(`/api/v1/project-settings/targets/${Y}`)).json.targets;
    assert.ok(all.some((t) => t.unit_id === 0) && all.some((t) => t.unit_id === u.B.id), 'the office sees every target');
    const r = await rep.get(`/api/v1/project-settings/targets/${Y}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.targets, all.filter((t) => t.unit_id === u.A.id));
  });

  test('the cockpit: only its unit\'s projects', async () => {
    const c = (await rep.get(`/api/v1/cockpit?year=${Y}`)).json;
    assert.deepEqual(c.pipeline.map((x) => [x.pool, x.count]), [['reserve', 0], ['preliminary', 0], ['construction', 1], ['completed', 1], ['production', 0]]);
    assert.equal(c.year_plan, 1500);
    assert.equal(c.invested, 350);
    assert.deepEqual(c.by_unit.map((x) => x.unit_name), ['甲镇']);
    assert.deepEqual(c.lagging.map((x) => x.code), ['A2']);
  });

  test('the export: only its unit\'s rows', async () => {
    const x = readXlsx((await rep.get(`/api/v1/project-stats/export?year=${Y}`)).bytes);
    assert.deepEqual(x.rows.slice(3).map((r) => r[0]), ['甲镇', '合计']);
  });

  test('the progress screens answer the reporter\'s subtree only', async () => {
    const m = (await rep.get(`/api/v1/progress?month=${Y}-01`)).json;
    assert.deepEqual(m.items.map((x) => x.project.code), ['A1', 'A2']);
  });
});

describe('the cockpit', () => {
  test('pipeline, investment by month against the plan to date, lights by unit and park, laggards, five years of speed', async () => {
    const r = await srv.get(`/api/v1/cockpit?year=${Y}`);
    assert.equal(r.status, 200, r.text);
    const c = r.json;
    assert.equal(c.year, Y);
    assert.deepEqual(c.pipeline, [
      { pool: 'reserve', count: 0, amount: 0 }, { pool: 'preliminary', count: 1, amount: YI / 2 },
      { pool: 'construction', count: 1, amount: 2 * YI }, { pool: 'completed', count: 1, amount: 3 * YI },
      { pool: 'production', count: 1, amount: 20 * YI }]);
    assert.equal(c.year_plan, 3500);
    const amounts = [100, 50, 200, 1000, 0, 0, 7, 0, 0, 0, 0, 0];
    let cum = 0;
    assert.deepEqual(c.months, amounts.map((a, i) => {
      cum += a;
      return { month: `${Y}-${pad(i + 1)}`, amount: a, cumulative: cum, plan_to_date: Math.floor(3500 * (i + 1) / 12) };
    }));
    assert.equal(c.invested, 1357);
    assert.deepEqual(c.lights, { green: 2, yellow: 1, red: 1 });
    assert.deepEqual(c.by_unit, [
      { unit_id: u.A.id, unit_name: '甲镇', green: 1, yellow: 0, red: 1 },
      { unit_id: u.B.id, unit_name: '乙镇', green: 1, yellow: 1, red: 0 }]);
    assert.deepEqual(c.by_park, [
      { unit_id: u.K1.id, unit_name: '一号园', green: 1, yellow: 0, red: 1 },
      { unit_id: u.K2.id, unit_name: '二号园', green: 0, yellow: 1, red: 0 }]);
    assert.deepEqual(c.lagging.map((x) => [x.code, x.warning, x.total_investment, x.unit_name]), [['A2', 'red', 2 * YI, '甲镇'], ['B2', 'yellow', YI / 2, '乙镇']]);
    assert.deepEqual(c.lagging[0].warning_reasons.map((x) => [x.kind, x.milestone, x.days]), [['milestone_overdue', 'completed', 100]]);
    const none = { n: 0, median: null };
    assert.deepEqual(c.speed, [
      { year: Y - 4, signed_started: none, started_completed: none, started_production: none },
      { year: Y - 3, signed_started: none, started_completed: none, started_production: none },
      { year: Y - 2, signed_started: none, started_completed: none, started_production: none },
      { year: L, signed_started: { n: 1, median: 20 }, started_completed: none, started_production: none },
      { year: Y, signed_started: { n: 2, median: 11.5 }, started_completed: { n: 1, median: between(A1.started, A1.completed) },
        started_production: { n: 1, median: between(B1.started, B1.production) } },
    ]);
  });

  test('laggards: red before yellow, then the largest investment first, at most ten', async () => {
    const made = [];
    for (let i = 0; i < 11; i++) {
      const code = `LG${i}`;
      await project(code, { unit_id: u.B.id, total_investment: (i + 1) * 1000, milestones: { started: { planned: daysAgo(i % 2 ? 10 : 90) } } });
      made.push(p[code]);
    }
    const c = (await srv.get(`/api/v1/cockpit?year=${Y}`)).json;
    const rank = { red: 0, yellow: 1 };
    const all = [p.A2, p.B2, ...made].map((x) => ({ code: x.code, warning: x.warning, total: x.total_investment }))
      .sort((a, b) => rank[a.warning] - rank[b.warning] || b.total - a.total);
    assert.deepEqual(c.lagging.map((x) => x.code), all.slice(0, 10).map((x) => x.code));
    assert.equal(c.by_unit[0].unit_id, u.B.id, 'the unit with most red lights first');
    for (const x of made) assert.equal((await srv.del(`/api/v1/projects/${x.id}`)).status, 204);
  });
});

/** Reads an .xlsx with openpyxl: the first sheet's values, merged ranges and bold cells. */
function readXlsx(bytes) {
  const file = join(work, `read-${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, bytes);
  const py = `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(json.dumps({'title': ws.title, 'rows': [[c.value for c in r] for r in ws.iter_rows()],
                  'merged': sorted(str(r) for r in ws.merged_cells.ranges), 'freeze': ws.freeze_panes,
                  'bold': [[bool(c.font and c.font.b) for c in r] for r in ws.iter_rows()]}))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `openpyxl could not read the file: ${r.stderr}`);
  rmSync(file);
  return JSON.parse(r.stdout);
}

describe('the export', () => {
  test('an .xlsx with a title, group headers merged over their columns, a row per unit and the total in bold', async () => {
    const r = await srv.get(`/api/v1/project-stats/export?year=${Y}&group=unit`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers['content-type'], XLSX_TYPE);
    assert.match(r.headers['content-disposition'], /^attachment; filename="project-stats\.xlsx"; filename\*=UTF-8''/);
    const x = readXlsx(r.bytes);
    assert.equal(x.title, '提速统计');
    const width = 2 + 4 * 4 + 16 + 3 * 2 + 3;
    assert.equal(x.rows[0][0], `${Y} 年项目提速统计（按责任单位）`);
    assert.equal(x.rows[0].length, width);
    const col = (n) => { let s = ''; for (n += 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s; return s; };
    const merged = new Set(x.merged);
    assert.ok(merged.has(`A1:${col(width - 1)}1`), 'the title spans the table');
    assert.ok(merged.has('A2:A3') && merged.has('B2:B3'), 'the first two headers span both header rows');
    const groups = ['新签约', '新开工', '竣工', '投产', '投资完成（万元）', '签约→开工（天）', '开工→竣工（天）', '开工→投产（天）', '问题诉求'];
    const spans = [4, 4, 4, 4, 16, 2, 2, 2, 3];
    let at = 2;
    groups.forEach((g, i) => {
      assert.equal(x.rows[1][at], g, `group header ${g}`);
      assert.ok(merged.has(`${col(at)}2:${col(at + spans[i] - 1)}2`), `${g} merged over ${spans[i]} columns`);
      at += spans[i];
    });
    assert.deepEqual([x.rows[1][0], x.rows[1][1]], ['责任单位', '项目数']);
    assert.deepEqual(x.rows[2].slice(2, 6), ['个数', '目标个数', '总投资（万元）', '目标（万元）']);
    assert.deepEqual(x.rows[2].slice(18, 21), ['1月', '2月', '3月']);
    assert.deepEqual(x.rows[2].slice(30, 34), ['累计', '年度计划', '完成率', '投资目标']);
    assert.equal(x.freeze, 'B4');
    const [a, b, total] = x.rows.slice(3);
    assert.equal(x.rows.length, 6);
    assert.deepEqual(a.slice(0, 6), ['甲镇', 2, 2, null, 50000, null], 'amounts in 万元');
    assert.deepEqual(a.slice(6, 10), [2, 3, 50000, 60000], 'the target of unit A');
    assert.deepEqual(a.slice(18, 21), [0.0001, 0.00005, 0.0002]);
    assert.deepEqual(a.slice(30, 32), [0.00035, 0.0015]);
    assert.ok(Math.abs(a[32] - 350 / 1500) < 1e-12, 'the rate done against the plan');
    assert.equal(a[33], null, 'no investment target set');
    assert.deepEqual(a.slice(34, 36), [11.5, null], 'signed→started: this year\'s median, none last year');
    assert.deepEqual(b.slice(34, 36), [null, 20]);
    assert.deepEqual(total.slice(0, 6), ['合计', 4, 3, 5, 55000, 100000]);
    assert.deepEqual(total.slice(40, 43), [0, null, 0], 'problems: none closed last year, none open past its deadline');
    assert.ok(x.bold[5].every(Boolean), 'the total in bold');
    assert.ok(!x.bold[3][0], 'a unit\'s row is not bold');
  });

  test('each grouping names its first column and the title', async () => {
    for (const [g, by, head] of [['park', '按载体园区', '载体（园区）'], ['industry', '按行业门类', '行业门类'], ['size_class', '按规模', '规模']]) {
      const x = readXlsx((await srv.get(`/api/v1/project-stats/export?year=${Y}&group=${g}`)).bytes);
      assert.equal(x.rows[0][0], `${Y} 年项目提速统计（${by}）`);
      assert.equal(x.rows[1][0], head);
      assert.equal(x.rows.at(-1)[0], '合计');
      assert.equal(x.rows.at(-1)[1], 4);
    }
  });
});

describe('the progress screens', () => {
  test('a month\'s screen: the projects in the preliminary, construction and completed pools with the month\'s report or null', async () => {
    const r = await srv.get(`/api/v1/progress?month=${Y}-02`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.month, `${Y}-02`);
    assert.deepEqual(r.json.items.map((x) => [x.project.code, x.report && x.report.amount]), [['A1', null], ['A2', 50], ['B2', null]],
      'by unit, then code; B1 is in production and did not report that month');
    const rep = r.json.items[1].report;
    assert.deepEqual([rep.project_id, rep.month, rep.amount, rep.cumulative, rep.year_to_date], [p.A2.id, `${Y}-02`, 50, 50, 50]);
    const dec = await srv.get(`/api/v1/progress?month=${L}-12`);
    assert.deepEqual(dec.json.items.map((x) => [x.project.code, x.report && x.report.amount]), [['A1', null], ['A2', null], ['B1', 999], ['B2', null]],
      'a project that reported that month is listed whatever its pool');
    const b = await srv.get(`/api/v1/progress?month=${Y}-02&unit_id=${u.B.id}`);
    assert.deepEqual(b.json.items.map((x) => x.project.code), ['B2']);
    assert.deepEqual((await srv.get(`/api/v1/progress?month=${Y}-02&unit_id=987654`)).json.items, []);
    const now = await srv.get('/api/v1/progress');
    assert.equal(now.json.month, `${NOW.getFullYear()}-${pad(NOW.getMonth() + 1)}`, 'this month by default');
  });

  test('the missing reports: projects under construction without the month\'s report, grouped by unit', async () => {
    const r = await srv.get(`/api/v1/progress/missing?month=${Y}-03`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { month: `${Y}-03`, total: 1, items: [
      { unit_id: u.A.id, unit_name: '甲镇', missing: 1, projects: [{ id: p.A2.id, code: 'A2', name: '项目A2' }] }] });
    const feb = await srv.get(`/api/v1/progress/missing?month=${Y}-02`);
    assert.deepEqual(feb.json, { month: `${Y}-02`, total: 0, items: [] });
  });

  test('refuses a bad month or unit (400 bad_query)', async () => {
    for (const [path, qs, field] of [['/api/v1/progress', 'month=2026-13', 'month'], ['/api/v1/progress', 'month=2026-1', 'month'],
      ['/api/v1/progress', 'unit_id=0', 'unit_id'], ['/api/v1/progress', 'unit_id=x', 'unit_id'], ['/api/v1/progress', 'page=1', 'page'],
      ['/api/v1/progress/missing', 'month=202601', 'month'], ['/api/v1/progress/missing', 'unit_id=1', 'unit_id']]) {
      assertError(await srv.get(`${path}?${qs}`), 400, 'bad_query', field);
    }
  });
});
