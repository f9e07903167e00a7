// Photos of a month's progress (issue 6): recognised by their bytes, size-limited, kept in the
// database, served back only as images; the reporter's scope holds for them as for reports.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, crc32 } from 'node:zlib';
import { startServer, stopAndCheck, assertError, DEMO_PASSWORD } from './server.mjs';

let srv;
const clients = {};
const pad = (n) => String(n).padStart(2, '0');
const NOW = new Date();
const THIS_MONTH = `${NOW.getFullYear()}-${pad(NOW.getMonth() + 1)}`;
const LAST_MONTH = (() => { const d = new Date(NOW.getFullYear(), NOW.getMonth() - 1, 1); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`; })();

function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])));
  return Buffer.concat([len, Buffer.from(type), data, crc]);
}
/** A real 1×1 PNG of a given colour (so two photos differ). */
function png(red = 255) {
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(1, 0); ihdr.writeUInt32BE(1, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, red, 0, 0]))), chunk('IEND', Buffer.alloc(0))]);
}
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(18)]);

const photos = (id, month = THIS_MONTH) => `/api/v1/projects/${id}/reports/${month}/photos`;
const upload = (c, id, bytes, type = 'image/png', month = THIS_MONTH) =>
  c.request('POST', photos(id, month), { body: bytes, headers: { 'Content-Type': type } });

let units;
async function project(unitCode) {
  const unit = units.find((u) => u.code === unitCode);
  const r = await srv.post('/api/v1/projects', {
    code: `PH-${Math.random().toString(36).slice(2, 10)}`, name: '照片测试项目', unit_id: unit.id, category: 'industry', source: 'domestic',
    milestones: { signed: { actual: `${LAST_MONTH}-01` } },
  });
  assert.equal(r.status, 201, r.text);
  const rep = await srv.request('PUT', `/api/v1/projects/${r.json.id}/reports/${THIS_MONTH}`, { json: { amount: 100, progress: '施工中' } });
  assert.equal(rep.status, 200, rep.text);
  return r.json;
}

before(async () => {
  srv = await startServer({ data: 'demo' });
  units = await srv.listUnits();
  for (const name of ['reporter', 'enterprise', 'leader']) clients[name] = await srv.login(name, DEMO_PASSWORD);
});
after(async () => { await stopAndCheck(srv); });

describe('uploading and serving photos', () => {
  test('a PNG, a JPEG and a WebP are stored and served back byte for byte, as images only', async () => {
    const p = await project('TOWN-01');
    for (const [bytes, sent, type] of [[png(), 'image/png', 'image/png'], [JPEG, 'application/octet-stream', 'image/jpeg'], [WEBP, 'image/jpeg', 'image/webp']]) {
      const r = await upload(srv, p.id, bytes, sent);
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.content_type, type, 'the type is what the bytes are, not what the client said');
      assert.equal(r.json.size, bytes.length);
      assert.equal(r.headers.location, r.json.url);
      const got = await srv.get(r.json.url);
      assert.equal(got.status, 200);
      assert.equal(got.headers['content-type'], type);
      assert.equal(got.headers['x-content-type-options'], 'nosniff');
      assert.match(got.headers['content-disposition'], /^inline; filename="photo-\d+\.(png|jpg|webp)"$/);
      assert.deepEqual(got.bytes, bytes);
    }
    const list = await srv.get(photos(p.id));
    assert.deepEqual(list.json.items.map((x) => x.content_type), ['image/png', 'image/jpeg', 'image/webp']);
  });

  test('a form upload (multipart, part "file") works as a browser sends it', async () => {
    const p = await project('TOWN-01');
    const form = new FormData();
    form.append('file', new Blob([png(7)], { type: 'image/png' }), 'site.png');
    const r = await srv.request('POST', photos(p.id), { body: form });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.content_type, 'image/png');
  });

  test('anything that is not a JPEG, PNG or WebP is refused whatever it is called, and nothing is stored', async () => {
    const p = await project('TOWN-01');
    for (const [body, type] of [['<html><script>alert(1)</script></html>', 'image/png'],
      ['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'image/png'],
      [Buffer.from('GIF89a\x01\x00\x01\x00'), 'image/png'], [Buffer.alloc(100), 'application/octet-stream']]) {
      const r = await upload(srv, p.id, body, type);
      assertError(r, 400, 'bad_file', 'file');
      assert.match(r.json.error.message_en, /JPEG, PNG or WebP/);
    }
    assertError(await upload(srv, p.id, Buffer.alloc(0)), 400, 'bad_file');
    assertError(await upload(srv, p.id, png(), 'text/html'), 415, 'unsupported_media_type');
    assert.deepEqual((await srv.get(photos(p.id))).json.items, []);
  });

  test('a photo over 10 MiB is refused with 413', async () => {
    const p = await project('TOWN-01');
    const big = Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]);
    assertError(await upload(srv, p.id, big, 'image/jpeg'), 413, 'too_large');
  });

  test('a month without a report takes no photo; a report takes at most 20', async () => {
    const p = await project('TOWN-01');
    const r = await upload(srv, p.id, png(), 'image/png', LAST_MONTH);
    assertError(r, 422, 'invalid_value', 'month');
    for (let i = 0; i < 20; i++) assert.equal((await upload(srv, p.id, png(i))).status, 201);
    assertError(await upload(srv, p.id, png(99)), 413, 'too_large');
    assertError(await upload(srv, p.id, png(), 'image/png', '2026-13'), 422, 'invalid_value', 'month');
    assertError(await upload(srv, 987654, png()), 404, 'not_found');
  });

  test('deleting a photo removes it, and both are in the operation log', async () => {
    const p = await project('TOWN-01');
    const made = await upload(srv, p.id, png());
    assert.equal((await srv.del(made.json.url)).status, 204);
    assertError(await srv.get(made.json.url), 404, 'not_found');
    assertError(await srv.del(made.json.url), 404, 'not_found');
    const log = await srv.get(`/api/v1/audit?resource=progress&page_size=100`);
    const mine = log.json.items.filter((x) => x.resource_id === p.id && x.changes.photo);
    assert.deepEqual(mine.map((x) => x.action).sort(), ['create', 'delete']);
  });
});

describe('who may upload and see photos', () => {
  test('the town\'s reporter uploads for its own projects only; another town\'s photo is not found', async () => {
    const mine = await project('TOWN-01');
    const other = await project('TOWN-02');
    assert.equal((await upload(clients.reporter, mine.id, png())).status, 201);
    assertError(await upload(clients.reporter, other.id, png()), 404, 'not_found');
    const theirs = await upload(srv, other.id, png());
    assertError(await clients.reporter.get(theirs.json.url), 404, 'not_found');
    assertError(await clients.reporter.get(photos(other.id)), 404, 'not_found');
    assertError(await clients.reporter.del(theirs.json.url), 404, 'not_found');
  });

  test('a leader sees but does not upload; an enterprise account sees only its enterprise\'s; no login, 401', async () => {
    const p = await project('TOWN-01');
    const made = await upload(srv, p.id, png());
    assert.equal((await clients.leader.get(made.json.url)).status, 200);
    assertError(await upload(clients.leader, p.id, png()), 403, 'forbidden');
    assertError(await upload(clients.enterprise, p.id, png()), 403, 'forbidden');
    assertError(await clients.enterprise.get(made.json.url), 404, 'not_found');
    assertError(await srv.anon.get(made.json.url), 401, 'unauthenticated');
  });
});
