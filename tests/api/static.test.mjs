// The embedded web UI: content types, gzip for clients that accept it, ETag revalidation,
// long cache lifetimes for hashed asset names only, and index.html for client-side routes.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { startServer, stopAndCheck, REPO_ROOT } from './server.mjs';

/** A GET that leaves Content-Encoding alone (fetch would decompress it silently). */
function get(port, path, headers = {}) {
  return new Promise((res, rej) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => res({ status: r.statusCode, headers: r.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', rej);
    req.end();
  });
}

const dist = join(REPO_ROOT, 'web', 'dist');
const jsAsset = readdirSync(join(dist, 'assets')).find((f) => f.endsWith('.js'));

describe('the embedded web UI', () => {
  let srv;
  before(async () => { srv = await startServer({ data: 'empty' }); });
  after(async () => { await stopAndCheck(srv); });

  test('serves index.html at / as UTF-8 HTML that is always revalidated', async () => {
    const r = await get(srv.port, '/');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.ok(r.headers.etag);
    assert.deepEqual(r.body, readFileSync(join(dist, 'index.html')));
  });

  test('answers 304 without a body when If-None-Match carries the current ETag', async () => {
    const first = await get(srv.port, '/');
    const r = await get(srv.port, '/', { 'If-None-Match': first.headers.etag });
    assert.equal(r.status, 304);
    assert.equal(r.body.length, 0);
    const stale = await get(srv.port, '/', { 'If-None-Match': '"0000000000000000"' });
    assert.equal(stale.status, 200);
  });

  test('sends a hashed asset gzip-compressed to a client that accepts gzip, cached for a year', async () => {
    const r = await get(srv.port, `/assets/${jsAsset}`, { 'Accept-Encoding': 'gzip, deflate' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(r.headers.vary, 'Accept-Encoding');
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.deepEqual(gunzipSync(r.body), readFileSync(join(dist, 'assets', jsAsset)));
  });

  test('sends the same asset uncompressed to a client that does not accept gzip', async () => {
    const r = await get(srv.port, `/assets/${jsAsset}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], undefined);
    assert.deepEqual(r.body, readFileSync(join(dist, 'assets', jsAsset)));
  });

  test('answers index.html for a client-side route and 404 in the error shape for a missing file', async () => {
    const route = await get(srv.port, '/units');
    assert.equal(route.status, 200);
    assert.equal(route.headers['content-type'], 'text/html; charset=utf-8');
    const missing = await get(srv.port, '/assets/nothing-here.js');
    assert.equal(missing.status, 404);
    assert.equal(JSON.parse(missing.body.toString()).error.code, 'not_found');
  });
});
