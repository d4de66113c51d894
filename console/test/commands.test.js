import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandDesk, EXPIRY_MS, REPLY_GRACE_MS, identityProblem } from '../src/commands.js';

function desk(identity = 'operator') {
  const sent = [];
  let mono = 0;
  const d = new CommandDesk({ root: 'podctl/lab/pod1', identity, wallNow: () => Date.parse('2026-11-27T10:17:00Z'),
    monoNow: () => mono, publish: (topic, text, cb) => sent.push({ topic, envelope: JSON.parse(text), cb }) });
  return { d, sent, advance: (ms) => { mono += ms; } };
}

test('a command is the documented envelope on the identity topic', () => {
  const { d, sent } = desk();
  const e = d.send('ack', { alarm: 'leak.rack2' });
  assert.equal(sent.length, 1);
  assert.equal(sent[0].topic, 'podctl/lab/pod1/cmd/ack/operator');
  assert.deepEqual(Object.keys(sent[0].envelope), ['id', 'issuedAt', 'expiresAt', 'args']);
  assert.equal(sent[0].envelope.issuedAt, '2026-11-27T10:17:00.000Z');
  assert.equal(sent[0].envelope.expiresAt, '2026-11-27T10:17:04.000Z');
  assert.deepEqual(sent[0].envelope.args, { alarm: 'leak.rack2' });
  assert.match(e.id, /^[A-Za-z0-9._:-]{1,64}$/);
  assert.notEqual(d.send('ack', {}).id, e.id, 'ids never repeat');
});

test('the reply is matched by id: accepted, or refused with its code', () => {
  const { d, sent } = desk();
  const e = d.send('reset', { trip: 'leak.rack2' });
  sent[0].cb(null);
  assert.equal(e.status, 'waiting');
  assert.equal(d.onReply({ id: 'someone-else', ok: true }), null);
  d.onReply({ id: e.id, ok: false, code: 'CONDITION_ACTIVE', message: 'condition still present' });
  assert.equal(e.status, 'refused');
  assert.equal(e.code, 'CONDITION_ACTIVE');
  assert.equal(d.latest('reset', 'leak.rack2'), e);
});

test('a publish the broker refuses (MQTT 5 PUBACK 0x87) says so at once', () => {
  const { d, sent } = desk('viewer');
  const e = d.send('ack', {});
  sent[0].cb({ code: 135, message: 'Publish error: Not authorized' });
  assert.equal(e.status, 'broker-refused');
  assert.equal(e.code, 'NOT_AUTHORIZED');
  assert.match(e.message, /viewer/);
});

test('no reply after the expiry and a grace: said, not silent', () => {
  const { d, sent, advance } = desk();
  const e = d.send('ack', {});
  sent[0].cb(null);
  advance(EXPIRY_MS + REPLY_GRACE_MS);
  d.tick();
  assert.equal(e.status, 'waiting');
  advance(1);
  d.tick();
  assert.equal(e.status, 'no-reply');
  assert.match(e.message, /may have refused/);
});

test('a user name that cannot be a topic level sends nothing and says why', () => {
  assert.equal(identityProblem('operator'), null);
  assert.ok(identityProblem(''));
  assert.ok(identityProblem('a/b'));
  assert.ok(identityProblem('a+'));
  const { d, sent } = desk('ops#1');
  const e = d.send('ack', {});
  assert.equal(sent.length, 0);
  assert.equal(e.status, 'failed');
});
