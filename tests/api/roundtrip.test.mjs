// The spreadsheet round trip (issue 5): what an export writes, an import reads back to identical
// data. The demo city's units and accounts are exported as .xlsx and as CSV, then imported into
// an empty installation (every unit created, the tree rebuilt from parent codes) and back into the
// demo city itself (every row unchanged, nothing written).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stopAndCheck } from './server.mjs';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function multipart(data, filename) {
  const boundary = `----roundtrip${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n'),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } };
}

async function importFile(client, resource, bytes, filename, dryRun = false) {
  const r = await client.request('POST', `/api/v1/${resource}/import?dry_run=${dryRun}`, multipart(bytes, filename));
  assert.equal(r.status, 200, `${resource} import of ${filename}: ${r.text.slice(0, 600)}`);
  return r.json;
}

async function exported(client, resource, format) {
  const r = await client.get(`/api/v1/${resource}/export?format=${format}`);
  assert.equal(r.status, 200, r.text.slice(0, 300));
  if (format === 'xlsx') assert.equal(r.headers['content-type'], XLSX_TYPE);
  return r.bytes;
}

/** Every unit as the import sees it: by code, with the parent by code (ids differ between databases). */
async function unitsByCode(client) {
  const r = await client.get('/api/v1/units?page_size=1000&sort=id');
  assert.equal(r.status, 200, r.text);
  const codeOf = new Map(r.json.items.map((u) => [u.id, u.code]));
  return r.json.items
    .map((u) => ({ code: u.code, name: u.name, kind: u.kind, parent: u.parent_id ? codeOf.get(u.parent_id) : null,
                   division_code: u.division_code, sort_order: u.sort_order, children: u.child_count }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

async function usersByName(client) {
  const units = await client.get('/api/v1/units?page_size=1000');
  const codeOf = new Map(units.json.items.map((u) => [u.id, u.code]));
  const r = await client.get('/api/v1/users?page_size=1000');
  assert.equal(r.status, 200, r.text);
  return r.json.items
    .map((u) => ({ username: u.username, display_name: u.display_name, role: u.role,
                   unit: u.unit_id ? codeOf.get(u.unit_id) : null, disabled: u.disabled }))
    .sort((a, b) => a.username.localeCompare(b.username));
}

let demo;
before(async () => { demo = await startServer({ data: 'demo' }); });
after(async () => { await stopAndCheck(demo); });

for (const format of ['xlsx', 'csv']) {
  describe(`units exported as ${format} import back to identical data`, () => {
    test('into an empty installation: every unit created, with its parent, division code and order', async () => {
      const bytes = await exported(demo, 'units', format);
      const want = await unitsByCode(demo);
      const empty = await startServer({ data: 'empty' });
      try {
        const j = await importFile(empty, 'units', bytes, `units.${format}`);
        assert.deepEqual([j.created, j.updated, j.unchanged], [want.length, 0, 0]);
        assert.deepEqual(await unitsByCode(empty), want);
        const again = await importFile(empty, 'units', bytes, `units.${format}`);
        assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, want.length], 'the second time changes nothing');
      } finally {
        await stopAndCheck(empty);
      }
    });

    test('into the city it came from: every row unchanged, nothing written to the operation log', async () => {
      const bytes = await exported(demo, 'units', format);
      const before = await unitsByCode(demo);
      const log = (await demo.get('/api/v1/audit?page_size=1')).json.total;
      const j = await importFile(demo, 'units', bytes, `units.${format}`);
      assert.deepEqual([j.created, j.updated, j.unchanged], [0, 0, before.length]);
      assert.deepEqual(await unitsByCode(demo), before);
      assert.equal((await demo.get('/api/v1/audit?page_size=1')).json.total, log);
    });
  });
}

describe('accounts exported import back unchanged', () => {
  for (const format of ['xlsx', 'csv']) {
    test(`as ${format}: every account matched by its name, nothing changed (no password needed for existing ones)`, async () => {
      const bytes = await exported(demo, 'users', format);
      const before = await usersByName(demo);
      const j = await importFile(demo, 'users', bytes, `users.${format}`);
      assert.deepEqual([j.created, j.updated, j.unchanged], [0, 0, before.length]);
      assert.deepEqual(await usersByName(demo), before);
    });
  }
});
