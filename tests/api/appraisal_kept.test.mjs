// A computation kept between requests (store_appr_cached: per worker connection, read again
// where the scheme's or a subject's data revision changed) never answers what is no longer true:
// after each kind of change — a subject's data, its unit's name, the scheme's caps and name, its
// structure, a what-if — GET …/results answers what a fresh computation would. Each check asks
// twice at once so that both workers (each keeps its own) answer, and compares their answers.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stopAndCheck } from './server.mjs';

const S = '/api/v1/appraisal/schemes';
let srv, scheme, leaf, bonus, units, subjects;

async function ok(r, status = 200) {
  assert.equal(r.status, status, r.text);
  return r.json;
}
/** The results, asked twice at once: both answers must agree. By subject name: [total, rank, grade_name]. */
async function results() {
  const [a, b] = await Promise.all([srv.get(`${S}/${scheme.id}/results`), srv.get(`${S}/${scheme.id}/results`)]);
  assert.deepEqual(await ok(a), await ok(b), 'both workers answer the same');
  return { name: a.json.name, rows: Object.fromEntries(a.json.items.map((x) => [x.name, [x.total, x.rank, x.grade_name]])) };
}
async function putData(subject, actual, points = null) {
  await ok(await srv.request('PUT', `${S}/${scheme.id}/subjects/${subject}/data`, {
    json: { values: [{ indicator_id: leaf, target: 100, actual }], items: points === null ? [] : [{ indicator_id: bonus, points, reason: '创新' }] },
  }));
}

before(async () => {
  srv = await startServer({ data: 'empty' });
  units = [];
  for (const [code, name] of [['K1', '甲镇'], ['K2', '乙镇']])
    units.push(await ok(await srv.post('/api/v1/units', { code, name, kind: 'town' }), 201));
  const kinds = (await ok(await srv.get('/api/v1/appraisal/kinds'))).items;
  scheme = await ok(await srv.post(S, { year: 2031, kind_id: kinds[0].id, name: '缓存方案', subject_type: 'unit', bonus_cap: 5 }), 201);
  const st = await ok(await srv.request('PUT', `${S}/${scheme.id}/structure`, {
    json: {
      groups: [{ name: '组' }],
      subjects: units.map((u) => ({ group: 0, unit_id: u.id })),
      indicators: [{ name: '完成率', kind: 'leaf', full_marks: 100, method: 'ratio' }, { name: '加分', kind: 'bonus' }],
      grades: [{ name: '优秀', min_score: 90, quota: null }, { name: '一般', min_score: null, quota: null }],
    },
  }));
  [leaf, bonus] = st.indicators.map((x) => x.id);
  subjects = st.subjects.map((x) => x.id);
  await ok(await srv.post(`${S}/${scheme.id}/open`, {}));
  await putData(subjects[0], 95);
  await putData(subjects[1], 80);
});
after(() => stopAndCheck(srv));

describe('a kept computation follows every change', () => {
  test('the first results', async () => {
    assert.deepEqual((await results()).rows, { 甲镇: [95, 1, '优秀'], 乙镇: [80, 2, '一般'] });
  });

  test("a subject's data changed: its total, and the ranks and grades it moves", async () => {
    await putData(subjects[1], 99, 3);
    assert.deepEqual((await results()).rows, { 乙镇: [102, 1, '优秀'], 甲镇: [95, 2, '优秀'] });
  });

  test('a what-if changes nothing that is kept', async () => {
    const sim = await ok(await srv.post(`${S}/${scheme.id}/simulate`, { changes: [{ subject_id: subjects[0], indicator_id: leaf, actual: 10 }] }));
    assert.equal(sim.items.find((x) => x.name === '甲镇').total, 10);
    assert.deepEqual((await results()).rows, { 乙镇: [102, 1, '优秀'], 甲镇: [95, 2, '优秀'] });
  });

  test("a unit's new name is the subject's name", async () => {
    await ok(await srv.patch(`/api/v1/units/${units[0].id}`, { name: '甲街道' }));
    assert.deepEqual(Object.keys((await results()).rows).sort(), ['乙镇', '甲街道'].sort());
  });

  test("the scheme's caps and name", async () => {
    await ok(await srv.patch(`${S}/${scheme.id}`, { bonus_cap: 1, name: '缓存方案（修订）' }));
    const r = await results();
    assert.equal(r.name, '缓存方案（修订）');
    assert.deepEqual(r.rows['乙镇'], [100, 1, '优秀'], 'the bonus of 3 is capped at 1');
  });

  test('a new structure (revised): a subject removed is gone', async () => {
    await ok(await srv.post(`${S}/${scheme.id}/revise`, { reason: '调整' }));
    const cur = await ok(await srv.get(`${S}/${scheme.id}`));
    await ok(await srv.request('PUT', `${S}/${scheme.id}/structure`, {
      json: {
        groups: cur.groups,
        subjects: [{ id: subjects[1], group: 0, unit_id: units[1].id }],
        indicators: cur.indicators,
        grades: cur.grades,
      },
    }));
    await ok(await srv.post(`${S}/${scheme.id}/open`, {}));
    assert.deepEqual((await results()).rows, { 乙镇: [100, 1, '优秀'] });
  });

  test('a unit that is a subject cannot be deleted; once it is not, it can', async () => {
    const r = await srv.del(`/api/v1/units/${units[1].id}`);
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.code, 'has_children');
    assert.match(r.json.error.message_en, /subject of 1 appraisal schemes/);
    assert.equal((await srv.del(`/api/v1/units/${units[0].id}`)).status, 204, 'removed from the structure above');
  });
});
