import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutFor } from '../src/layout.js';

test('racks, leak zones and the coolant device follow the shipped names', () => {
  const state = { outputs: { 'rack2.power': {}, 'rack1.power': {}, beacon: {}, 'isolation.valve': {} } };
  const l = layoutFor(state, ['cdu.supplyTemp', 'leak.rack1', 'leak.floor', 'estop', 'pdu1.inletPower']);
  assert.deepEqual(l.racks.map((r) => r.output), ['rack1.power', 'rack2.power']);
  assert.equal(l.racks[0].power, 'pdu1.inletPower');
  assert.deepEqual(l.leaks, ['leak.floor', 'leak.rack1']);
  assert.equal(l.coolant.supply, 'cdu.supplyTemp');
  assert.equal(l.estop, 'estop');
});

test('config.json may override any part', () => {
  const l = layoutFor({ outputs: {} }, ['cdu2.supplyTemp'], { coolantDevice: 'cdu2', estop: 'stop.button' });
  assert.equal(l.coolant.flow, 'cdu2.flow');
  assert.equal(l.estop, 'stop.button');
});
