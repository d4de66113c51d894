import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PodModel, staleAfterMs, EVENT_LIMIT } from '../src/model.js';

const ROOT = 'podctl/lab/pod1';

function connected() {
  const m = new PodModel(ROOT);
  m.setBroker('connected', 0);
  m.handle(`${ROOT}/status`, '{"online":true,"contract":2,"stateIntervalMs":5000}', 0);
  m.handle(`${ROOT}/state`, '{"mode":"RUNNING","trips":[],"alarms":[]}', 0);
  return m;
}

test('a current view: broker connected, pod online, fresh state', () => {
  const c = connected().condition(1000);
  assert.deepEqual(c.reasons, []);
  assert.equal(c.stale, false);
  assert.equal(c.pod, 'online');
});

test('the state goes stale after three state intervals without one', () => {
  const m = connected();
  assert.equal(m.condition(15_000).stale, false);
  const c = m.condition(15_001);
  assert.equal(c.stale, true);
  assert.deepEqual(c.reasons, ['state-stale']);
  assert.equal(staleAfterMs({ stateIntervalMs: 1000 }), 3000);
  assert.equal(staleAfterMs({ online: true }), 15_000, 'a pod of contract 2 without the interval: 5 s');
});

test('the Last Will makes the pod offline, and everything stale', () => {
  const m = connected();
  m.handle(`${ROOT}/status`, '{"online":false}', 100);
  const c = m.condition(200);
  assert.equal(c.pod, 'offline');
  assert.ok(c.stale);
  assert.deepEqual(c.reasons, ['offline']);
});

test('a lost broker makes everything stale', () => {
  const m = connected();
  m.setBroker('lost', 100);
  assert.deepEqual(m.condition(200).reasons, ['broker']);
});

test('events are unique by seq, newest first, gaps counted, beyond 2^53', () => {
  const m = connected();
  const ev = (seq, historical = false) => m.handle(`${ROOT}/events`,
    `{"seq":${seq},"time":"2026-01-01T00:00:00Z","type":"MODE","historical":${historical}}`, 0);
  assert.equal(ev('1795312345678000012'), 'event');
  assert.equal(ev('1795312345678000013'), 'event');
  assert.equal(ev('1795312345678000013'), null, 'a repeat after an outage is dropped');
  assert.equal(ev('1795312345678000016'), 'event');
  assert.equal(m.seqGaps, 1);
  assert.deepEqual(m.events.map((e) => e.seqText),
    ['1795312345678000016', '1795312345678000013', '1795312345678000012']);
  assert.equal(ev('1795312345678000014', true), 'event', 'a replayed event is placed by seq');
  assert.equal(m.events[1].seqText, '1795312345678000014');
  assert.equal(m.events[1].historical, true);
});

test('the event list is bounded', () => {
  const m = connected();
  for (let i = 1; i <= EVENT_LIMIT + 10; i++) {
    m.handle(`${ROOT}/events`, `{"seq":${i},"type":"MODE"}`, 0);
  }
  assert.equal(m.events.length, EVENT_LIMIT);
  assert.equal(m.events[0].seqText, String(EVENT_LIMIT + 10));
});

test('malformed payloads and foreign topics are ignored and counted', () => {
  const m = connected();
  assert.equal(m.handle(`${ROOT}/state`, 'not json', 0), null);
  assert.equal(m.handle(`${ROOT}/points/x`, '[1,2]', 0), null);
  assert.equal(m.handle('elsewhere/state', '{}', 0), null);
  assert.equal(m.malformed, 2);
  assert.equal(m.state.mode, 'RUNNING', 'the last good state is kept');
});

test('alarms: listed by state and severity, counted, shelved and out of service apart', () => {
  const m = connected();
  const alarm = (id, state, severity, extra = {}) => m.handle(`${ROOT}/alarms/${id}`,
    JSON.stringify({ id, state, severity, message: id, since: '2026-01-01T00:00:00Z', ...extra }), 0);
  alarm('a', 'ACTIVE_ACKED', 'alarm');
  alarm('b', 'ACTIVE_UNACKED', 'warning');
  alarm('c', 'ACTIVE_UNACKED', 'trip');
  alarm('d', 'RETURNED_UNACKED', 'alarm');
  alarm('e', 'NORMAL', 'none');
  alarm('f', 'ACTIVE_UNACKED', 'alarm', { shelved: { until: 'x', by: 'operator', reason: 'known' } });
  alarm('g', 'NORMAL', 'none', { outOfService: { until: 'x', by: 'engineer', reason: 'sensor swap' } });
  assert.deepEqual(m.alarmList().map((a) => a.id), ['c', 'f', 'b', 'd', 'a', 'g']);
  assert.deepEqual(m.alarmList(true).map((a) => a.id), ['c', 'f', 'b', 'd', 'a', 'e', 'g']);
  const c = m.alarmCounts();
  assert.deepEqual(c, { unacked: 3, active: 3, returned: 1, shelved: 1, outOfService: 1, trip: 1, alarm: 1,
    warning: 1 });
  m.handle(`${ROOT}/alarms/c`, '', 0);
  assert.equal(m.alarms.has('c'), false, 'a cleared retained alarm is gone');
});
