// How a value is shown: a number only when it is GOOD and the console's view is current. A bad value shows its
// quality instead of a number; a stale one (broker lost, pod offline, state too old) keeps its last number but
// is drawn as stale, never like a normal reading.

const QUALITY_TEXT = {
  NO_DATA: 'NO DATA',
  STALE: 'STALE',
  COMM_FAIL: 'COMM FAIL',
  DEVICE_EXCEPTION: 'DEV EXC',
  OUT_OF_RANGE: 'RANGE',
  INVALID: 'INVALID',
  FROZEN: 'FROZEN',
};

const UNITS = {
  degC: { text: '°C', decimals: 1 },
  'L/min': { text: 'L/min', decimals: 0 },
  bar: { text: 'bar', decimals: 2 },
  '%': { text: '%', decimals: 0 },
  W: { text: 'kW', decimals: 1, scale: 0.001 },
  kW: { text: 'kW', decimals: 1 },
  V: { text: 'V', decimals: 0 },
  A: { text: 'A', decimals: 1 },
  Hz: { text: 'Hz', decimals: 2 },
};

/** A number in a unit, as shown: W become kW; decimals by unit. */
export function formatNumber(v, unit) {
  const u = UNITS[unit] || { text: unit || '', decimals: !unit && Number.isInteger(v) ? 0 : 2 };
  const scaled = v * (u.scale || 1);
  return { value: scaled.toFixed(u.decimals), unit: u.text };
}

/**
 * What to draw for a point: {text, unit, cls, title}. cls is '' for a good current value, 'q-bad' for a value that
 * is not GOOD (the text is the quality), 'q-stale' for a good value the console cannot vouch for now, and
 * 'q-nodata' when nothing was received.
 *
 * @param point the last {root}/points/{id} payload, or undefined
 * @param stale whether the console's view is stale (see PodModel.condition)
 */
export function pointDisplay(point, stale, options = {}) {
  if (!point) {
    return { text: '—', unit: '', cls: 'q-nodata', title: 'no value received' };
  }
  if (point.q !== 'GOOD' || typeof point.v !== 'number' || !Number.isFinite(point.v)) {
    const q = point.q && point.q !== 'GOOD' ? point.q : 'INVALID';
    return { text: QUALITY_TEXT[q] || q, unit: '', cls: 'q-bad', title: `quality ${q}` + (point.ts ? ` since ${point.ts}` : '') };
  }
  const f = options.digital ? { value: point.v ? 'ACTIVE' : 'normal', unit: '' } : formatNumber(point.v, point.u);
  if (stale) {
    return { text: f.value, unit: f.unit, cls: 'q-stale', title: `stale: last value, acquired ${point.ts || '?'}` };
  }
  return { text: f.value, unit: f.unit, cls: '', title: `acquired ${point.ts || '?'}` };
}

/** Whether a point is a GOOD value the console can use now (trends, derived values). */
export function goodValue(point, stale) {
  return !stale && point && point.q === 'GOOD' && typeof point.v === 'number' && Number.isFinite(point.v)
    ? point.v : null;
}

/** A digital point's condition: 'active', 'normal' or 'bad' (bad or stale never reads as normal). */
export function digitalCondition(point, stale) {
  const v = goodValue(point, stale);
  if (v === null) {
    return 'bad';
  }
  return v ? 'active' : 'normal';
}

/** Short severity label, so that colour is never the only cue. */
export function severityLabel(severity) {
  return { trip: 'TRIP', alarm: 'ALARM', warning: 'WARN' }[severity] || '';
}

/** ISA-18.2 state in words. */
export function stateLabel(state) {
  return {
    ACTIVE_UNACKED: 'Active, unacknowledged',
    ACTIVE_ACKED: 'Active, acknowledged',
    RETURNED_UNACKED: 'Returned, unacknowledged',
    NORMAL: 'Normal',
  }[state] || state;
}
