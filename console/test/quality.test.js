import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pointDisplay, goodValue, digitalCondition, formatNumber } from '../src/quality.js';

const good = { v: 31.44, u: 'degC', q: 'GOOD', ts: '2026-01-01T00:00:00Z' };

test('a good current value is a number in its unit', () => {
  assert.deepEqual(pointDisplay(good, false), { text: '31.4', unit: '°C', cls: '', title: 'acquired 2026-01-01T00:00:00Z' });
  assert.deepEqual(formatNumber(61_250, 'W'), { value: '61.3', unit: 'kW' });
  assert.deepEqual(formatNumber(1, ''), { value: '1', unit: '' }, 'a digital point or a counter');
});

test('a bad value never becomes a number: its quality is shown instead', () => {
  for (const q of ['COMM_FAIL', 'STALE', 'NO_DATA', 'DEVICE_EXCEPTION', 'OUT_OF_RANGE', 'INVALID', 'FROZEN']) {
    const d = pointDisplay({ v: null, u: 'degC', q }, false);
    assert.equal(d.cls, 'q-bad', q);
    assert.doesNotMatch(d.text, /[0-9]/, q);
  }
  assert.equal(pointDisplay({ v: 12, u: 'degC', q: 'COMM_FAIL' }, false).cls, 'q-bad',
    'a number with a bad quality is still bad');
  assert.equal(pointDisplay({ v: null, u: 'degC', q: 'GOOD' }, false).cls, 'q-bad', 'GOOD without a number');
});

test('a good value the console cannot vouch for is drawn stale, never normal', () => {
  const d = pointDisplay(good, true);
  assert.equal(d.cls, 'q-stale');
  assert.equal(goodValue(good, true), null);
  assert.equal(goodValue(good, false), 31.44);
});

test('nothing received is not a value', () => {
  assert.equal(pointDisplay(undefined, false).cls, 'q-nodata');
});

test('a digital input that is bad or stale is neither active nor normal', () => {
  assert.equal(digitalCondition({ v: 1, u: '', q: 'GOOD' }, false), 'active');
  assert.equal(digitalCondition({ v: 0, u: '', q: 'GOOD' }, false), 'normal');
  assert.equal(digitalCondition({ v: 0, u: '', q: 'GOOD' }, true), 'bad');
  assert.equal(digitalCondition({ v: null, u: '', q: 'INVALID' }, false), 'bad');
});
