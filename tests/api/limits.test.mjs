// Request limits enforced before routing: the URI length (414), the header bytes (431) and
// the time a client may take to send a request (the connection is closed).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startServer, stopAndCheck } from './server.mjs';

/** Sends raw bytes and resolves with everything the server sent until it closed or went quiet. */
function raw(port, bytes, quietMs = 1500) {
  return new Promise((res) => {
    const sock = connect(port, '127.0.0.1');
    const chunks = [];
    let timer;
    const finish = (closed) => { clearTimeout(timer); sock.destroy(); res({ text: Buffer.concat(chunks).toString('utf8'), closed }); };
    const arm = () => { clearTimeout(timer); timer = setTimeout(() => finish(false), quietMs); };
    sock.on('data', (c) => { chunks.push(c); arm(); });
    sock.on('close', () => finish(true));
    sock.on('error', () => {});
    sock.write(bytes);
    arm();
  });
}

function parse(text) {
  const sep = text.indexOf('\r\n\r\n');
  return { status: Number(text.split(' ')[1]), body: JSON.parse(text.slice(sep + 4)) };
}

describe('request limits', () => {
  let srv;
  before(async () => { srv = await startServer({ data: 'empty' }); });
  after(async () => { await stopAndCheck(srv); });

  test('refuses a URI over 8192 bytes with 414 uri_too_long in the error shape', async () => {
    const r = await raw(srv.port, `GET /api/v1/units?q=${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const { status, body } = parse(r.text);
    assert.equal(status, 414);
    assert.equal(body.error.code, 'uri_too_long');
    assert.ok(body.error.message_en && body.error.message_zh);
  });

  test('refuses more than 16384 bytes of headers with 431 headers_too_large in the error shape', async () => {
    const r = await raw(srv.port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\nConnection: close\r\n\r\n`);
    const { status, body } = parse(r.text);
    assert.equal(status, 431);
    assert.equal(body.error.code, 'headers_too_large');
  });

  test('accepts a request just under both limits', async () => {
    const r = await raw(srv.port, `GET /healthz?${'a'.repeat(100)} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(15000)}\r\nConnection: close\r\n\r\n`);
    assert.equal(parse(r.text).status, 200);
  });

  test('closes a connection that sends only part of a request for longer than the request timeout', { timeout: 30000 }, async () => {
    const r = await raw(srv.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 15000);
    assert.equal(r.closed, true, 'the server closed the half-sent request');
  });
});
