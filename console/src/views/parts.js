// Small pieces every page uses: values with their quality, alarm badges, command outcomes, times.
import { html, nothing } from 'lit-html';
import { pointDisplay, severityLabel, digitalCondition } from '../quality.js';

/** A time from the pod (ISO-8601), as local wall time; the full text in the tooltip. */
export function time(iso) {
  if (!iso) {
    return html`<span class="time">—</span>`;
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return html`<span class="time">${iso}</span>`;
  }
  return html`<span class="time" title=${iso}>${d.toLocaleTimeString([], { hour12: false })}</span>`;
}

/** The most severe alarm active on a point (annunciated: not shelved, not out of service), or null. */
export function alarmOn(model, pointId) {
  let worst = null;
  const rank = { trip: 3, alarm: 2, warning: 1 };
  for (const a of model.alarms.values()) {
    if (a.point === pointId && (a.state === 'ACTIVE_UNACKED' || a.state === 'ACTIVE_ACKED') && !a.shelved
      && !a.outOfService
      && (!worst || (rank[a.severity] || 0) > (rank[worst.severity] || 0))) {
      worst = a;
    }
  }
  return worst;
}

export function alarmBadge(a) {
  if (!a) {
    return nothing;
  }
  const unacked = a.state === 'ACTIVE_UNACKED' || a.state === 'RETURNED_UNACKED';
  return html`<span class="badge sev-${a.severity} ${unacked ? 'unacked' : 'acked'}" title=${a.message || a.id}
    data-testid="alarm-badge">${severityLabel(a.severity) || 'ALARM'}</span>`;
}

/** A point's value: a number only when GOOD and current; its quality otherwise. */
export function value(app, pointId, label, options = {}) {
  const point = app.model.points.get(pointId);
  const d = pointDisplay(point, app.condition.stale, options);
  const alarm = alarmOn(app.model, pointId);
  return html`<div class="value-row" data-point=${pointId}>
    <span class="label">${label}</span>
    <span class="val ${d.cls} ${alarm ? 'in-alarm sev-' + alarm.severity : ''}" title=${d.title}
      data-testid="value" data-quality=${point ? point.q : 'NONE'}>
      <span class="num">${d.text}</span><span class="unit">${d.unit}</span>
      ${d.cls === 'q-stale' ? html`<span class="qtag">STALE</span>` : nothing}
      ${d.cls === 'q-bad' ? html`<span class="qtag">BAD</span>` : nothing}
    </span>${alarmBadge(alarm)}</div>`;
}

/**
 * A digital input shown as its condition, in words: grey whatever its state, unless that state is abnormal (a
 * leak, a pressed E-stop, a fault: {@code abnormalWhenActive}) or an alarm is on it; marked when bad or stale.
 */
export function digital(app, pointId, label, activeText = 'ACTIVE', { abnormalWhenActive = false,
  inactiveText = 'normal' } = {}) {
  const point = app.model.points.get(pointId);
  const c = digitalCondition(point, app.condition.stale);
  const text = c === 'active' ? activeText : c === 'normal' ? inactiveText
    : pointDisplay(point, app.condition.stale).text;
  const alarm = alarmOn(app.model, pointId);
  const colour = alarm ? `active sev-${alarm.severity}` : c === 'active' && abnormalWhenActive ? 'active sev-alarm' : '';
  const cls = c === 'bad' ? (point && point.q === 'GOOD' ? 'q-stale' : 'q-bad') : colour;
  return html`<div class="value-row" data-point=${pointId}>
    <span class="label">${label}</span>
    <span class="val digital ${cls}" data-testid="digital" data-condition=${c}>${text}
      ${c === 'bad' ? html`<span class="qtag">${point && point.q === 'GOOD' ? 'STALE' : 'BAD'}</span>` : nothing}</span>
    ${alarmBadge(alarm)}</div>`;
}

/** The outcome of the latest command of this kind (and target), next to its button. */
export function outcome(entry) {
  if (!entry) {
    return nothing;
  }
  const text = {
    sending: 'sending…',
    waiting: 'sent, waiting for the reply…',
    accepted: `accepted${entry.message ? ': ' + entry.message : ''}`,
    refused: `refused ${entry.code}: ${entry.message}`,
    'broker-refused': `refused by the broker: ${entry.message}`,
    'no-reply': entry.message,
    failed: `${entry.code}: ${entry.message}`,
  }[entry.status];
  return html`<div class="outcome st-${entry.status}" data-testid="outcome" data-status=${entry.status}
    data-code=${entry.code}>${entry.label}: ${text}</div>`;
}
