// Health, version, the served OpenAPI document, routing (404/405), the request log and shutdown.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, stopAndCheck, assertError, creditCode, REPO_ROOT, ADMIN_USERNAME, ADMIN_PASSWORD } from './server.mjs';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
let srv;

before(async () => { srv = await startServer({ data: 'empty' }); });
after(async () => { await stopAndCheck(srv); });

/** A fresh id of the resource of a documented path with {id} (one that exists). */
async function freshId(path, n) {
  if (path.startsWith('/api/v1/units/')) return freshUnitId(`RT${n}`);
  if (path.startsWith('/api/v1/tokens/')) {
    const r = await srv.post('/api/v1/tokens', { name: `route ${n}` });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  }
  if (path.startsWith('/api/v1/users/')) {
    const r = await srv.post('/api/v1/users', { username: `route${n}`, display_name: '路由测试', role: 'enterprise', password: 'a-long-enough-password' });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  }
  if (path.startsWith('/api/v1/enterprises/')) {
    const r = await srv.post('/api/v1/enterprises', { credit_code: creditCode(n), name: '路由测试', ownership: 'domestic' });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  }
  if (path.startsWith('/api/v1/problems/')) {
    const project = await freshId('/api/v1/projects/{id}', n);
    const r = await srv.post('/api/v1/problems', { project_id: project, title: '路由测试' });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  }
  if (path.startsWith('/api/v1/projects/')) {
    const r = await srv.post('/api/v1/projects', { code: `RT-${n}`, name: '路由测试', unit_id: await freshUnitId(`RTP${n}`), category: 'other', source: 'domestic' });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  }
  if (path.startsWith('/api/v1/photos/')) {
    const project = await srv.post('/api/v1/projects', { code: `RTF-${n}`, name: '路由测试', unit_id: await freshUnitId(`RTF${n}`), category: 'other', source: 'domestic', milestones: { signed: { actual: `${thisMonth()}-01` } } });
    assert.equal(project.status, 201, project.text);
    const report = await srv.request('PUT', `/api/v1/projects/${project.json.id}/reports/${thisMonth()}`, { json: { amount: 1 } });
    assert.equal(report.status, 200, report.text);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
    const r = await srv.request('POST', `/api/v1/projects/${project.json.id}/reports/${thisMonth()}/photos`, { body: jpeg, headers: { 'Content-Type': 'image/jpeg' } });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  }
  if (path.startsWith('/api/v1/saved-filters/')) {
    const r = await srv.post('/api/v1/saved-filters', { resource: 'projects', name: `路由${n}`, query: 'warning=red' });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  }
  if (path.startsWith('/api/v1/appraisal/awards/')) {
    // a draft list of individuals with a unit's quota and one nomination (its id for {nid})
    const r = await srv.post('/api/v1/appraisal/awards', { kind: 'person', name: `路由名单${n}`, year: 2034 });
    assert.equal(r.status, 201, r.text);
    const unit = await freshUnitId(`RTA${n}`);
    const q = await srv.request('PUT', `/api/v1/appraisal/awards/${r.json.id}/quotas`, { json: { items: [{ unit_id: unit, quota: 1 }] } });
    assert.equal(q.status, 200, q.text);
    const x = await srv.post(`/api/v1/appraisal/awards/${r.json.id}/nominations`, { unit_id: unit, name: '路由', deeds: '路由测试' });
    assert.equal(x.status, 201, x.text);
    freshNomination = x.json.id;
    return r.json.id;
  }
  if (path.startsWith('/api/v1/appraisal/') || path.startsWith('/api/v1/public/notices/')) {
    // one scheme for every appraisal path: the probes' empty bodies are all refused, so it stays as made
    appraisal ??= await freshAppraisal(n);
    const a = appraisal;
    if (path.startsWith('/api/v1/appraisal/evidence/')) return a.evidence;
    return path.startsWith('/api/v1/appraisal/appeals/') ? a.appeal : a.id;
  }
  throw new Error(`no fresh id for ${path}`);
}
let freshNomination = 0; // the nomination made with the last fresh honour list

let appraisal = null;
/**
 * A published appraisal scheme of one subject (a new unit) with an evidence file (added while the
 * scheme was open) and an open appeal: { id, subject, evidence, appeal }.
 */
async function freshAppraisal(n) {
  const ok = (r, status = 200) => { assert.equal(r.status, status, `${r.method} ${r.path}: ${r.text}`); return r.json; };
  const kinds = ok(await srv.get('/api/v1/appraisal/kinds'));
  const id = ok(await srv.post('/api/v1/appraisal/schemes', { year: 2030, kind_id: kinds.items[0].id, name: `路由${n}`, subject_type: 'unit' }), 201).id;
  const s = ok(await srv.request('PUT', `/api/v1/appraisal/schemes/${id}/structure`, { json: {
    groups: [{ name: '组' }], subjects: [{ group: 0, unit_id: await freshUnitId(`RTA${n}`) }],
    indicators: [{ name: '达标', kind: 'leaf', full_marks: 10, method: 'check' }], grades: [{ name: '合格' }] } }));
  const subject = s.subjects[0].id;
  ok(await srv.post(`/api/v1/appraisal/schemes/${id}/open`, {}));
  ok(await srv.request('PUT', `/api/v1/appraisal/schemes/${id}/subjects/${subject}/data`, { json: { values: [{ indicator_id: s.indicators[0].id, actual: 1 }] } }));
  const evidence = ok(await srv.request('POST', `/api/v1/appraisal/schemes/${id}/subjects/${subject}/evidence`,
    { body: Buffer.from('%PDF-1.4\n%%EOF\n'), headers: { 'Content-Type': 'application/pdf' } }), 201).id;
  ok(await srv.post(`/api/v1/appraisal/schemes/${id}/subjects/${subject}/submit`, {}));
  ok(await srv.post(`/api/v1/appraisal/schemes/${id}/subjects/${subject}/accept`, {}));
  ok(await srv.post(`/api/v1/appraisal/schemes/${id}/publish`, {}));
  const appeal = ok(await srv.post(`/api/v1/appraisal/schemes/${id}/appeals`, { subject_id: subject, text: '路由' }), 201).id;
  return { id, subject, evidence, appeal };
}

function thisMonth() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** A fresh unit id (a documented {id} that exists). */
async function freshUnitId(code) {
  const r = await srv.post('/api/v1/units', { code, name: '路由测试', kind: 'other' });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

describe('startup', () => {
  test('prints "pacesetter: listening on http://127.0.0.1:PORT" to stderr when ready', () => {
    assert.equal(srv.listenLine.trim(), `pacesetter: listening on http://127.0.0.1:${srv.port}`);
  });
});

describe('GET /healthz', () => {
  test('answers 200 {"status":"ok"} as JSON', async () => {
    const r = await srv.anon.get('/healthz');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^application\/json(;\s*charset=utf-8)?$/i);
    assert.deepEqual(r.json, { status: 'ok' });
  });
  test('answers 50 concurrent requests, all 200', async () => {
    const rs = await Promise.all(Array.from({ length: 50 }, () => srv.anon.get('/healthz')));
    assert.deepEqual(rs.map((r) => r.status), Array(50).fill(200));
  });
});

describe('GET /api/v1/version', () => {
  test('answers name pacesetter, version 0.1.0 and schema_version 6 (0006: benchmarking)', async () => {
    const r = await srv.anon.get('/api/v1/version');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^application\/json/i);
    assert.deepEqual(r.json, { name: 'pacesetter', version: '0.1.0', schema_version: 6 });
  });
});

describe('GET /api/v1/openapi.json', () => {
  let served;
  before(async () => {
    const r = await srv.anon.get('/api/v1/openapi.json');
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.match(r.headers['content-type'], /^application\/json/i);
    // valid UTF-8: a fatal decoder throws on any bad byte
    new TextDecoder('utf-8', { fatal: true }).decode(r.bytes);
    served = JSON.parse(r.text);
  });

  test('serves docs/openapi.json (the same document as the source file)', () => {
    const file = JSON.parse(readFileSync(join(REPO_ROOT, 'docs', 'openapi.json'), 'utf8'));
    assert.deepEqual(served, file);
  });

  test('is an OpenAPI 3.0.3 document whose info.version is the server version', async () => {
    assert.equal(served.openapi, '3.0.3');
    assert.equal(typeof served.info.title, 'string');
    const v = await srv.anon.get('/api/v1/version');
    assert.equal(served.info.version, v.json.version);
    assert.equal(served.info.version, '0.1.0');
  });

  test('is internally consistent: every $ref resolves, operationIds are unique, path parameters are declared', () => {
    const refs = [];
    (function walk(x) {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object') {
        for (const [k, v] of Object.entries(x)) { if (k === '$ref') refs.push(v); else walk(v); }
      }
    })(served);
    assert.ok(refs.length > 0);
    for (const ref of refs) {
      assert.match(ref, /^#\//, `local ref ${ref}`);
      let node = served;
      for (const part of ref.slice(2).split('/')) {
        node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      }
      assert.ok(node !== undefined, `$ref ${ref} resolves`);
    }
    const ids = [];
    for (const [path, item] of Object.entries(served.paths)) {
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const m of Object.keys(item).filter((k) => METHODS.includes(k.toUpperCase()))) {
        const op = item[m];
        ids.push(op.operationId);
        assert.ok(op.responses && Object.keys(op.responses).length, `${m} ${path} has responses`);
        const declared = [...(item.parameters || []), ...(op.parameters || [])]
          .map((p) => (p.$ref ? resolve(served, p.$ref) : p))
          .filter((p) => p.in === 'path')
          .map((p) => p.name);
        assert.deepEqual(declared.sort(), pathParams.slice().sort(), `path parameters of ${m} ${path}`);
      }
    }
    assert.equal(new Set(ids).size, ids.length, 'unique operationIds');
    assert.ok(!ids.includes(undefined), 'every operation has an operationId');
  });

  test('documents every endpoint of the contract', () => {
    const ops = new Set();
    for (const [path, item] of Object.entries(served.paths)) {
      for (const m of Object.keys(item)) if (METHODS.includes(m.toUpperCase())) ops.add(`${m.toUpperCase()} ${path}`);
    }
    assert.deepEqual([...ops].sort(), [
      'DELETE /api/v1/appraisal/awards/{id}',
      'DELETE /api/v1/appraisal/awards/{id}/nominations/{nid}',
      'DELETE /api/v1/appraisal/evidence/{id}',
      'DELETE /api/v1/appraisal/schemes/{id}',
      'DELETE /api/v1/enterprises/{id}',
      'DELETE /api/v1/photos/{id}',
      'DELETE /api/v1/projects/{id}',
      'DELETE /api/v1/saved-filters/{id}',
      'DELETE /api/v1/tokens/{id}',
      'DELETE /api/v1/units/{id}',
      'GET /api/v1/appraisal/awards',
      'GET /api/v1/appraisal/awards/{id}',
      'GET /api/v1/appraisal/awards/{id}/export',
      'GET /api/v1/appraisal/awards/{id}/nominations',
      'GET /api/v1/appraisal/awards/{id}/quotas',
      'GET /api/v1/appraisal/evidence/{id}',
      'GET /api/v1/appraisal/kinds',
      'GET /api/v1/appraisal/schemes',
      'GET /api/v1/appraisal/schemes/{id}',
      'GET /api/v1/appraisal/schemes/{id}/appeals',
      'GET /api/v1/appraisal/schemes/{id}/data',
      'GET /api/v1/appraisal/schemes/{id}/data/import-template',
      'GET /api/v1/appraisal/schemes/{id}/results',
      'GET /api/v1/appraisal/schemes/{id}/results/export',
      'GET /api/v1/appraisal/schemes/{id}/results/{sid}',
      'GET /api/v1/appraisal/schemes/{id}/subjects/{sid}/data',
      'GET /api/v1/appraisal/schemes/{id}/subjects/{sid}/evidence',
      'GET /api/v1/appraisal/schemes/{id}/versions',
      'GET /api/v1/appraisal/schemes/{id}/versions/{v}',
      'GET /api/v1/appraisal/schemes/{id}/versions/{v}/diff',
      'GET /api/v1/appraisal/schemes/{id}/versions/{v}/export',
      'GET /api/v1/appraisal/schemes/{id}/versions/{v}/notice.xlsx',
      'GET /api/v1/appraisal/schemes/{id}/versions/{v}/subjects/{sid}',
      'GET /api/v1/audit',
      'GET /api/v1/audit/export',
      'GET /api/v1/auth/me',
      'GET /api/v1/cockpit',
      'GET /api/v1/enterprises',
      'GET /api/v1/enterprises/export',
      'GET /api/v1/enterprises/import-template',
      'GET /api/v1/enterprises/{id}',
      'GET /api/v1/industries',
      'GET /api/v1/login-log',
      'GET /api/v1/login-log/export',
      'GET /api/v1/openapi.json',
      'GET /api/v1/photos/{id}',
      'GET /api/v1/problems',
      'GET /api/v1/problems/{id}',
      'GET /api/v1/progress',
      'GET /api/v1/progress/import-template',
      'GET /api/v1/progress/missing',
      'GET /api/v1/project-settings/size-classes',
      'GET /api/v1/project-settings/targets/{year}',
      'GET /api/v1/project-settings/warning-rules/{year}',
      'GET /api/v1/project-stats',
      'GET /api/v1/project-stats/export',
      'GET /api/v1/projects',
      'GET /api/v1/projects/export',
      'GET /api/v1/projects/import-template',
      'GET /api/v1/projects/{id}',
      'GET /api/v1/projects/{id}/reports',
      'GET /api/v1/projects/{id}/reports/{month}/photos',
      'GET /api/v1/public/awards',
      'GET /api/v1/public/notices',
      'GET /api/v1/public/notices/{id}/{v}',
      'GET /api/v1/saved-filters',
      'GET /api/v1/tenants',
      'GET /api/v1/tokens',
      'GET /api/v1/units',
      'GET /api/v1/units/export',
      'GET /api/v1/units/import-template',
      'GET /api/v1/units/{id}',
      'GET /api/v1/users',
      'GET /api/v1/users/export',
      'GET /api/v1/users/import-template',
      'GET /api/v1/users/{id}',
      'GET /api/v1/version',
      'GET /healthz',
      'PATCH /api/v1/appraisal/schemes/{id}',
      'PATCH /api/v1/enterprises/{id}',
      'PATCH /api/v1/projects/{id}',
      'PATCH /api/v1/units/{id}',
      'PATCH /api/v1/users/{id}',
      'POST /api/v1/appraisal/appeals/{id}/answer',
      'POST /api/v1/appraisal/awards',
      'POST /api/v1/appraisal/awards/{id}/entries',
      'POST /api/v1/appraisal/awards/{id}/entries/{eid}/remove',
      'POST /api/v1/appraisal/awards/{id}/nominations',
      'POST /api/v1/appraisal/awards/{id}/nominations/{nid}/approve',
      'POST /api/v1/appraisal/awards/{id}/nominations/{nid}/reject',
      'POST /api/v1/appraisal/awards/{id}/publish',
      'POST /api/v1/appraisal/awards/{id}/regenerate',
      'POST /api/v1/appraisal/kinds',
      'POST /api/v1/appraisal/schemes',
      'POST /api/v1/appraisal/schemes/{id}/appeals',
      'POST /api/v1/appraisal/schemes/{id}/copy',
      'POST /api/v1/appraisal/schemes/{id}/data/import',
      'POST /api/v1/appraisal/schemes/{id}/open',
      'POST /api/v1/appraisal/schemes/{id}/publish',
      'POST /api/v1/appraisal/schemes/{id}/reopen',
      'POST /api/v1/appraisal/schemes/{id}/revise',
      'POST /api/v1/appraisal/schemes/{id}/simulate',
      'POST /api/v1/appraisal/schemes/{id}/sources/refresh',
      'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/accept',
      'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/evidence',
      'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/return',
      'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/submit',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/logout',
      'POST /api/v1/auth/password',
      'POST /api/v1/auth/tenant',
      'POST /api/v1/enterprises',
      'POST /api/v1/enterprises/import',
      'POST /api/v1/problems',
      'POST /api/v1/problems/{id}/accept',
      'POST /api/v1/problems/{id}/assign',
      'POST /api/v1/problems/{id}/confirm',
      'POST /api/v1/problems/{id}/escalate',
      'POST /api/v1/problems/{id}/reopen',
      'POST /api/v1/problems/{id}/resolve',
      'POST /api/v1/progress/import',
      'POST /api/v1/projects',
      'POST /api/v1/projects/import',
      'POST /api/v1/projects/warnings/recompute',
      'POST /api/v1/projects/{id}/reports/{month}/photos',
      'POST /api/v1/saved-filters',
      'POST /api/v1/tokens',
      'POST /api/v1/units',
      'POST /api/v1/units/import',
      'POST /api/v1/users',
      'POST /api/v1/users/import',
      'POST /api/v1/users/{id}/password',
      'PUT /api/v1/appraisal/awards/{id}/quotas',
      'PUT /api/v1/appraisal/schemes/{id}/structure',
      'PUT /api/v1/appraisal/schemes/{id}/subjects/{sid}/data',
      'PUT /api/v1/project-settings/size-classes',
      'PUT /api/v1/project-settings/targets/{year}',
      'PUT /api/v1/project-settings/warning-rules/{year}',
      'PUT /api/v1/projects/{id}/reports/{month}',
    ]);
  });

  test('lists every route the server answers: documented methods are answered, others get 405, other paths 404', async () => {
    let n = 0;
    const problems = [];
    for (const [path, item] of Object.entries(served.paths)) {
      const documented = Object.keys(item).map((m) => m.toUpperCase()).filter((m) => METHODS.includes(m));
      for (const method of METHODS) {
        const now = new Date();
        const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
        let url = (path.includes('{id}') ? path.replace('{id}', String(await freshId(path, ++n))) : path)
          .replace('{year}', '2026').replace('{month}', month).replace('{v}', '1').replace('{nid}', String(freshNomination)).replace('{eid}', '1');
        if (url.includes('{sid}')) {
          // the scheme's one subject (freshAppraisal makes one per scheme, in order)
          const scheme = url.match(/schemes\/(\d+)/)[1];
          url = url.replace('{sid}', String((await srv.get(`/api/v1/appraisal/schemes/${scheme}`)).json.subjects[0].id));
        }
        const opts = ['POST', 'PATCH', 'PUT'].includes(method) ? { json: {} } : {};
        // logout would end the session the other calls use: probe the auth paths as a second login
        const as = path.startsWith('/api/v1/auth/') ? await srv.login(ADMIN_USERNAME, ADMIN_PASSWORD) : srv;
        const r = await probe(method, url, opts, problems, as);
        if (!r) continue;
        if (documented.includes(method)) {
          if (r.status === 404 || r.status === 405) problems.push(`${method} ${url}: documented but answered ${r.status}`);
        } else if (r.status !== 405 || r.json?.error?.code !== 'method_not_allowed') {
          problems.push(`${method} ${url}: not documented, expected 405 method_not_allowed, got ${r.status} ${r.text.slice(0, 120)}`);
        }
      }
    }
    const id = await freshUnitId(`RT${++n}`);
    const undocumented = ['/api', '/api/', '/api/v1', '/api/v1/', '/api/v2/units', '/api/v1/unit',
      '/api/v1/units/', `/api/v1/units/${id}/`, `/api/v1/units/${id}/children`, '/api/v1/healthz',
      '/api/v1/user', '/api/v1/project', '/api/v1/projects/', '/api/v1/problems/', '/api/v1/problem', '/api/v1/project-stats/', '/api/v1/progress/x', `/api/v1/projects/${id}/reports/`, '/api/v1/project-settings', '/api/v1/openapi.yaml', '/api/v1/version/x', '/api/v1/auth',
      '/api/v1/auth/', '/api/v1/auth/login/x', '/api/v1/audit/', '/api/v1/users/1/passwords',
      '/api/v1/UNITS', '/api/v1/openapi.json/x'];
    for (const path of undocumented) {
      for (const method of METHODS) {
        const opts = ['POST', 'PATCH', 'PUT'].includes(method) ? { json: {} } : {};
        const r = await probe(method, path, opts, problems);
        if (!r) continue;
        // Not answered: 404 not_found (or 405 method_not_allowed where a router matches the
        // shape of a documented path, e.g. POST /api/v1/units/ against /api/v1/units/{id}).
        const notAnswered = (r.status === 404 && r.json?.error?.code === 'not_found') ||
          (r.status === 405 && r.json?.error?.code === 'method_not_allowed');
        if (!notAnswered) {
          problems.push(`${method} ${path}: not documented, expected 404 not_found or 405, got ${r.status} ${r.text.slice(0, 120)}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});

/** A request that records a failed fetch (e.g. a malformed response header) as a problem. */
async function probe(method, url, opts, problems, as = srv) {
  try {
    return await as.request(method, url, opts);
  } catch (e) {
    problems.push(`${method} ${url}: request failed: ${e.cause?.message || e.message}`);
    return null;
  }
}

function resolve(doc, ref) {
  let node = doc;
  for (const part of ref.slice(2).split('/')) node = node[part];
  return node;
}

describe('routing errors', () => {
  test('answers an unknown route with 404 not_found in the error shape', async () => {
    assertError(await srv.get('/api/v1/no-such-thing'), 404, 'not_found', null);
  });
  test('answers a method a path does not have with 405 method_not_allowed in the error shape', async () => {
    assertError(await srv.request('PUT', '/api/v1/units', { json: {} }), 405, 'method_not_allowed');
    assertError(await srv.request('DELETE', '/api/v1/units'), 405, 'method_not_allowed');
    assertError(await srv.request('POST', '/healthz', { json: {} }), 405, 'method_not_allowed');
    assertError(await srv.request('POST', '/api/v1/version', { json: {} }), 405, 'method_not_allowed');
  });
  test('sends a well-formed Allow header with a 405 (RFC 9110), naming exactly the documented methods', async () => {
    const doc = JSON.parse(readFileSync(join(REPO_ROOT, 'docs', 'openapi.json'), 'utf8'));
    const id = await freshUnitId('ALLOW1');
    for (const [path, url, method] of [['/healthz', '/healthz', 'POST'], ['/api/v1/units', '/api/v1/units', 'PUT'], ['/api/v1/units/{id}', `/api/v1/units/${id}`, 'POST']]) {
      // raw socket: a malformed header (e.g. a NUL byte in it) makes fetch fail outright
      const r = await srv.rawRequest(`${method} ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
      assert.equal(r.status, 405, `${method} ${url}`);
      const allow = r.headers.allow;
      assert.ok(allow !== undefined, `${method} ${url}: Allow header present`);
      assert.match(allow, /^[A-Z]+(, ?[A-Z]+)*$/, `${method} ${url}: Allow is a list of methods: ${JSON.stringify(allow)}`);
      const want = Object.keys(doc.paths[path]).filter((m) => METHODS.includes(m.toUpperCase())).map((m) => m.toUpperCase()).sort();
      assert.deepEqual(allow.split(',').map((m) => m.trim()).filter((m) => m !== 'HEAD').sort(), want, `${method} ${url}: Allow`);
    }
  });
});

describe('request log', () => {
  test('writes one JSON line per request to stderr with ts, method, path, status, bytes and us', async () => {
    const path = '/api/v1/units/424242';
    const r = await srv.get(path);
    assert.equal(r.status, 404);
    const line = await srv.waitForLog((l) => l.path === path && l.method === 'GET');
    assert.ok(line, `a log line for GET ${path}; stderr tail: ${srv.stderr.slice(-1000)}`);
    assert.equal(line.status, 404);
    assert.equal(line.bytes, r.bytes.length, 'bytes = body length');
    assert.ok(Number.isInteger(line.us) && line.us >= 0, 'us is an integer >= 0');
    assert.equal(typeof line.ts, 'string');
    assert.ok(!Number.isNaN(Date.parse(line.ts)), `ts is a date: ${line.ts}`);
  });

  test('logs GET /healthz as status 200 with 15 bytes', async () => {
    const before = srv.logLines().filter((l) => l.path === '/healthz').length;
    const r = await srv.anon.get('/healthz');
    assert.equal(r.bytes.length, 15);
    const ok = await srv.waitForLog(() => srv.logLines().filter((l) => l.path === '/healthz').length > before);
    assert.ok(ok, 'a new log line for /healthz');
    const last = srv.logLines().filter((l) => l.path === '/healthz').at(-1);
    assert.equal(last.method, 'GET');
    assert.equal(last.status, 200);
    assert.equal(last.bytes, 15);
  });

  test('logs writes with their method and status (POST 201, DELETE 204, refused POST 422)', async () => {
    const c = await srv.post('/api/v1/units', { code: 'LOGME', name: '日志', kind: 'other' });
    assert.equal(c.status, 201, c.text);
    const bad = await srv.post('/api/v1/units', { code: 'LOGBAD', kind: 'other' });
    assert.equal(bad.status, 422);
    const d = await srv.del(`/api/v1/units/${c.json.id}`);
    assert.equal(d.status, 204);
    assert.ok(await srv.waitForLog((l) => l.method === 'POST' && l.path === '/api/v1/units' && l.status === 201));
    assert.ok(await srv.waitForLog((l) => l.method === 'POST' && l.path === '/api/v1/units' && l.status === 422 && l.bytes === bad.bytes.length));
    assert.ok(await srv.waitForLog((l) => l.method === 'DELETE' && l.path === `/api/v1/units/${c.json.id}` && l.status === 204 && l.bytes === 0));
  });

  test('every request-log line has ts, method, path, status, bytes and us of the right types', async () => {
    await srv.get('/healthz');
    await new Promise((r) => setTimeout(r, 200));
    const lines = srv.logLines().filter((l) => 'method' in l || 'status' in l);
    assert.ok(lines.length > 5);
    for (const l of lines) {
      const ctx = JSON.stringify(l);
      assert.equal(typeof l.ts, 'string', ctx);
      assert.ok(!Number.isNaN(Date.parse(l.ts)), ctx);
      assert.equal(typeof l.method, 'string', ctx);
      assert.match(l.path, /^\//, ctx);
      for (const k of ['status', 'bytes', 'us']) assert.ok(Number.isInteger(l[k]) && l[k] >= 0, `${k}: ${ctx}`);
      assert.ok(l.status >= 100 && l.status <= 599, ctx);
    }
  });

  test('logs a request refused for its size (413) like any other request', async () => {
    const r = await srv.request('POST', '/api/v1/units', { body: Buffer.from(' '.repeat(70000)), headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 413);
    const line = await srv.waitForLog((l) => l.method === 'POST' && l.status === 413);
    assert.ok(line, `a log line for the 413; stderr tail: ${srv.stderr.slice(-600)}`);
    assert.equal(line.bytes, r.bytes.length);
  });

  test('logs a request with a query string under its path', async () => {
    const r = await srv.get('/api/v1/units?page_size=2&sort=-id');
    assert.equal(r.status, 200);
    const line = await srv.waitForLog((l) => l.method === 'GET' && typeof l.path === 'string' && l.path.startsWith('/api/v1/units') && l.bytes === r.bytes.length && l.status === 200);
    assert.ok(line, 'a log line for the listing');
  });
});

describe('shutdown', () => {
  test('stops with exit code 0 on SIGTERM, and the data survives a restart', async () => {
    const s1 = await startServer({ data: 'empty' });
    const r = await s1.post('/api/v1/units', { code: 'KEEP', name: '持久化', kind: 'park', division_code: '320582' });
    assert.equal(r.status, 201, r.text);
    await stopAndCheck(s1, { keep: true }); // asserts exit code 0
    const s2 = await startServer({ dir: s1.dir });
    try {
      const g = await s2.get(`/api/v1/units/${r.json.id}`);
      assert.equal(g.status, 200, g.text);
      assert.deepEqual(g.json, r.json);
    } finally {
      await stopAndCheck(s2);
    }
  });

  test('stops with exit code 0 on SIGTERM while idle connections are open', async () => {
    const s = await startServer({ data: 'empty' });
    const net = await import('node:net');
    const sock = net.connect(s.port, '127.0.0.1');
    await new Promise((res, rej) => { sock.on('connect', res); sock.on('error', rej); });
    sock.on('error', () => {});
    try {
      await stopAndCheck(s);
    } finally {
      sock.destroy();
    }
  });
});
