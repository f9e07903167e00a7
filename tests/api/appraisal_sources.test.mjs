// Leaves computed from the project library (docs/api-contract.md, "Appraisal", source): a small
// city built through the API — a town with a child unit, another town, three projects with their
// milestones, plans and monthly reports, problems due in the year — and a scheme of last year
// (every date is in the past whatever day the test runs) with one leaf per source. Each computed
// value is checked against the numbers worked out by hand below, with the note of its inputs;
// entered data may set a computed leaf's target but never its value; accepted subjects are left
// alone by a refresh; a refresh outside data entry is refused. Problem deadlines and closing times
// in the past are set as time would set them: in the database (sql()).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stopAndCheck, assertError, sql } from './server.mjs';

const YEAR = new Date().getFullYear() - 1;
const S = '/api/v1/appraisal/schemes';
const YI = 10000000000; // fen in 1 亿元
const WAN = 1000000; // fen in 1 万元

let srv;
let town1, child, town2, scheme, leaves;
let sub1, sub2; // the two towns' subject ids

async function ok(r, status = 200) {
  assert.equal(r.status, status, r.text);
  return r.json;
}
async function unit(code, name, kind, parent_id = null) {
  return ok(await srv.post('/api/v1/units', { code, name, kind, parent_id }), 201);
}
async function project(code, unit_id, fields) {
  return ok(await srv.post('/api/v1/projects', { code, name: `项目${code}`, unit_id, category: 'industry', ...fields }), 201);
}
async function report(id, month, amount) {
  await ok(await srv.request('PUT', `/api/v1/projects/${id}/reports/${YEAR}-${month}`, { json: { amount, progress: '' } }));
}
async function problem(projectId, unitId, deadline, closedAt) {
  const p = await ok(await srv.post('/api/v1/problems', { project_id: projectId, title: '用地指标' }), 201);
  const future = `${YEAR + 2}-01-01`;
  await ok(await srv.post(`/api/v1/problems/${p.id}/assign`, { unit_id: unitId, deadline: future, comment: '' }));
  if (closedAt) {
    await ok(await srv.post(`/api/v1/problems/${p.id}/accept`, {}));
    await ok(await srv.post(`/api/v1/problems/${p.id}/resolve`, {}));
    sql(srv.db, `UPDATE problems SET closed_at = '${closedAt}T08:00:00Z' WHERE id = ${p.id}`);
  }
  sql(srv.db, `UPDATE problems SET deadline = '${deadline}' WHERE id = ${p.id}`);
}
const leaf = (name, method, source, extra = {}) => ({ name, kind: 'leaf', full_marks: 10, method, source, ...extra });
async function data(subject) {
  return ok(await srv.get(`${S}/${scheme.id}/subjects/${subject}/data`));
}
const valueOf = (d, name) => d.values.find((v) => v.indicator_id === leaves[name]);

before(async () => {
  srv = await startServer({ data: 'empty' });
  town1 = await unit('T1', '一号镇', 'town');
  child = await unit('T1-A', '一号镇经济服务中心', 'other', town1.id);
  town2 = await unit('T2', '二号镇', 'town');
  // P1: T1, 2 亿, foreign (500 万美元), signed Jan 10, started Mar 1, plan 1 亿, reported 3000 + 2000 万元
  const p1 = await project('P1', town1.id, {
    source: 'foreign', total_investment: 2 * YI, foreign_investment: 500 * WAN,
    milestones: { signed: { actual: `${YEAR}-01-10` }, started: { actual: `${YEAR}-03-01` } }, plans: { [YEAR]: YI },
  });
  await report(p1.id, '03', 3000 * WAN);
  await report(p1.id, '04', 2000 * WAN);
  // P2: T1-A (in T1's subtree), 5000 万 (under 1 亿), signed the year before on Nov 1, started Feb 1, plan 4000 万, reported 1000 万
  const p2 = await project('P2', child.id, {
    source: 'domestic', total_investment: 5000 * WAN,
    milestones: { signed: { actual: `${YEAR - 1}-11-01` }, started: { actual: `${YEAR}-02-01` } }, plans: { [YEAR]: 4000 * WAN },
  });
  await report(p2.id, '02', 1000 * WAN);
  // P3: T2, 3 亿, signed Feb 1, not started, plan 2000 万, nothing reported
  await project('P3', town2.id, {
    source: 'domestic', total_investment: 3 * YI,
    milestones: { signed: { actual: `${YEAR}-02-01` } }, plans: { [YEAR]: 2000 * WAN },
  });
  // problems due in the year: T1's closed on time (Mar 1 ≤ Mar 10); T1-A's open; a problem due the year after does not count
  await problem(p1.id, town1.id, `${YEAR}-03-10`, `${YEAR}-03-01`);
  await problem(p2.id, child.id, `${YEAR}-06-30`, null);
  await problem(p1.id, town1.id, `${YEAR + 1}-01-15`, null);

  const kinds = (await ok(await srv.get('/api/v1/appraisal/kinds'))).items;
  scheme = await ok(await srv.post(S, { year: YEAR, kind_id: kinds[0].id, name: '项目库取数', subject_type: 'unit' }), 201);
  const structure = await ok(await srv.request('PUT', `${S}/${scheme.id}/structure`, {
    json: {
      groups: [{ name: '镇组' }],
      subjects: [{ group: 0, unit_id: town1.id }, { group: 0, unit_id: town2.id }],
      indicators: [
        leaf('投资完成率', 'ratio', 'invest_completion'),
        leaf('新开工亿元以上项目', 'rank', 'started_count', { source_min: YI }),
        leaf('新开工亿元以上项目投资', 'efficacy', 'started_amount', { source_min: YI }),
        leaf('新签约外资', 'efficacy', 'foreign_signed'),
        leaf('问题按期办结率', 'ratio', 'problem_close_rate'),
        leaf('签约至开工天数', 'efficacy', 'signed_to_started_days', { direction: 'lower' }),
        leaf('重点任务', 'ratio', 'entered'),
      ],
      grades: [{ name: '合格', min_score: null, quota: null }],
    },
  }));
  leaves = Object.fromEntries(structure.indicators.map((x) => [x.name, x.id]));
  sub1 = structure.subjects.find((x) => x.unit_id === town1.id).id;
  sub2 = structure.subjects.find((x) => x.unit_id === town2.id).id;
  assert.equal(structure.indicators[1].source, 'started_count');
  assert.equal(structure.indicators[1].source_min, YI);
  assert.equal(structure.indicators[0].source_min, null, 'source_min is for the started_* measures');
  await ok(await srv.post(`${S}/${scheme.id}/open`, {}));
});
after(() => stopAndCheck(srv));

describe('leaves computed from the project library', () => {
  test('a refresh outside data entry is refused, and a draft has nothing to refresh', async () => {
    const kinds = (await ok(await srv.get('/api/v1/appraisal/kinds'))).items;
    const draft = await ok(await srv.post(S, { year: YEAR, kind_id: kinds[0].id, name: '草稿', subject_type: 'unit' }), 201);
    assertError(await srv.post(`${S}/${draft.id}/sources/refresh`, {}), 409, 'invalid_state');
  });

  test('refresh writes every computed value of every subject, each with the inputs it came from', async () => {
    assert.deepEqual(await ok(await srv.post(`${S}/${scheme.id}/sources/refresh`, {})), { updated: 2, skipped: 0 });
    const t1 = await data(sub1);
    // investment: 3000 + 2000 (P1) + 1000 (P2, in T1's subtree) = 6000 万元 against plans 10000 + 4000 = 14000 万元
    assert.equal(valueOf(t1, '投资完成率').actual, 6000);
    assert.equal(valueOf(t1, '投资完成率').target, 14000);
    assert.match(valueOf(t1, '投资完成率').note, /完成投资 6000 万元，2 个项目的年度计划 14000 万元/);
    // started in the year with ≥ 1 亿: P1 only (P2 is 5000 万), its 20000 万元
    assert.equal(valueOf(t1, '新开工亿元以上项目').actual, 1);
    assert.equal(valueOf(t1, '新开工亿元以上项目投资').actual, 20000);
    assert.match(valueOf(t1, '新开工亿元以上项目').note, /新开工总投资 10000 万元以上项目 1 个，总投资 20000 万元/);
    // foreign-funded and signed in the year: P1's 500 万美元
    assert.equal(valueOf(t1, '新签约外资').actual, 500);
    // due in the year: 2 (T1's and T1-A's); closed by the deadline: 1 → 50%
    assert.equal(valueOf(t1, '问题按期办结率').actual, 50);
    assert.match(valueOf(t1, '问题按期办结率').note, /到期问题 2 件，按期办结 1 件/);
    // signed → started: P1 50 days (Jan 10 → Mar 1), P2 92 days (Nov 1 → Feb 1): median 71
    const p1Days = (Date.UTC(YEAR, 2, 1) - Date.UTC(YEAR, 0, 10)) / 86400000;
    const p2Days = (Date.UTC(YEAR, 1, 1) - Date.UTC(YEAR - 1, 10, 1)) / 86400000;
    assert.equal(valueOf(t1, '签约至开工天数').actual, (p1Days + p2Days) / 2);

    const t2 = await data(sub2);
    assert.equal(valueOf(t2, '投资完成率').actual, 0, 'nothing reported is 0, not missing');
    assert.equal(valueOf(t2, '投资完成率').target, 2000);
    assert.equal(valueOf(t2, '新开工亿元以上项目').actual, 0);
    assert.equal(valueOf(t2, '新签约外资').actual, 0, 'P3 is domestic');
    assert.equal(valueOf(t2, '问题按期办结率').actual, null, 'no problem due: no rate, and the note says so');
    assert.match(valueOf(t2, '问题按期办结率').note, /没有到期的问题诉求/);
    assert.equal(valueOf(t2, '签约至开工天数').actual, null);
    assert.equal(valueOf(t1, '重点任务'), undefined, 'an entered leaf is not touched');
  });

  test('the results explain a computed leaf with its numbers, and a subject without a basis shows the error', async () => {
    const t1 = await ok(await srv.get(`${S}/${scheme.id}/results/${sub1}`));
    const invest = t1.leaves.find((l) => l.indicator_id === leaves['投资完成率']);
    assert.equal(invest.formula, '10.00 × min(6000 / 14000, 1) = 4.29');
    assert.equal(invest.score, 4.29);
    const t2 = await ok(await srv.get(`${S}/${scheme.id}/results/${sub2}`));
    const rate = t2.leaves.find((l) => l.indicator_id === leaves['问题按期办结率']);
    assert.equal(rate.status, 'missing');
  });

  test('entered data may set a computed leaf\'s target, never its value, and keeps the computed values', async () => {
    const url = `${S}/${scheme.id}/subjects/${sub1}/data`;
    const refused = await srv.request('PUT', url, { json: { values: [{ indicator_id: leaves['新签约外资'], actual: 900 }] } });
    assertError(refused, 422, 'invalid_value', 'values[0].actual');
    const planned = await srv.request('PUT', url, { json: { values: [{ indicator_id: leaves['投资完成率'], target: 1 }] } });
    assertError(planned, 422, 'invalid_value', 'values[0].target');
    await ok(await srv.request('PUT', url, {
      json: { values: [{ indicator_id: leaves['新开工亿元以上项目'], target: 3 }, { indicator_id: leaves['重点任务'], target: 100, actual: 90 }] },
    }));
    const t1 = await data(sub1);
    assert.equal(valueOf(t1, '新开工亿元以上项目').target, 3);
    assert.equal(valueOf(t1, '新开工亿元以上项目').actual, 1, 'the computed value stays');
    assert.equal(valueOf(t1, '新签约外资').actual, 500, 'a computed leaf left out of the PUT keeps its value');
    assert.equal(valueOf(t1, '重点任务').actual, 90);
  });

  test('a second refresh leaves accepted subjects alone and recomputes the others from what changed', async () => {
    await ok(await srv.post(`${S}/${scheme.id}/subjects/${sub1}/submit`, {}));
    await ok(await srv.post(`${S}/${scheme.id}/subjects/${sub1}/accept`, {}));
    const p3 = (await ok(await srv.get('/api/v1/projects?q=P3'))).items[0];
    await report(p3.id, '05', 500 * WAN);
    assert.deepEqual(await ok(await srv.post(`${S}/${scheme.id}/sources/refresh`, {})), { updated: 1, skipped: 1 });
    assert.equal(valueOf(await data(sub2), '投资完成率').actual, 500);
    assert.equal(valueOf(await data(sub1), '新开工亿元以上项目').target, 3, 'the accepted subject is unchanged');
    const log = await ok(await srv.get('/api/v1/audit?resource=appraisal_scheme'));
    assert.ok(log.items.some((x) => x.resource_id === scheme.id && JSON.stringify(x.changes).includes('refresh_sources')),
      'the refresh is in the operation log');
  });

  test('only the appraisal office refreshes', async () => {
    const r = await srv.anon.post(`${S}/${scheme.id}/sources/refresh`, {});
    assert.equal(r.status, 401);
  });
});
