// The alarm list (ISA-18.2): states, counts, and what an operator may do — acknowledge, shelve with a reason and a
// duration, take out of service (engineers), return. Every action's reply is shown next to it.
import { html, nothing } from 'lit-html';
import { time, outcome } from './parts.js';
import { severityLabel, stateLabel } from '../quality.js';

export const DURATIONS = ['15min', '1h', '4h', '8h'];

function counts(app) {
  const c = app.model.alarmCounts();
  const item = (label, n, cls, testid) => html`<span class="chip ${n ? cls : ''}" data-testid=${testid}
    data-count=${n}><b>${label}</b> ${n}</span>`;
  return html`<div class="counts" data-testid="alarm-counts">
    ${item('Unacknowledged', c.unacked, 'chip-alarm', 'n-unacked')}
    ${item('Trip', c.trip, 'chip-trip', 'n-trip')}
    ${item('Alarm', c.alarm, 'chip-alarm', 'n-alarm')}
    ${item('Warning', c.warning, 'chip-warn', 'n-warning')}
    ${item('Returned', c.returned, '', 'n-returned')}
    ${item('Shelved', c.shelved, '', 'n-shelved')}
    ${item('Out of service', c.outOfService, '', 'n-oos')}
  </div>`;
}

function exemption(kind, e) {
  return e ? html`<div class="exemption" data-testid=${kind}>${kind === 'shelved' ? 'SHELVED' : 'OUT OF SERVICE'}
    until ${time(e.until)} by ${e.by}: ${e.reason}</div>` : nothing;
}

function form(app, a) {
  const f = app.alarmForm;
  if (!f || f.alarm !== a.id) {
    return nothing;
  }
  const submit = (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    app.act.exempt(f.kind, a.id, String(data.get('reason') || '').trim(), String(data.get('duration')));
  };
  return html`<tr class="alarm-form"><td colspan="6"><form data-testid="exempt-form" @submit=${submit}>
    ${f.kind === 'shelve' ? 'Shelve' : 'Take out of service'} <b>${a.id}</b>:
    <input name="reason" required placeholder="reason (required)" size="40" data-testid="reason">
    for <select name="duration" data-testid="duration">${DURATIONS.map((d) => html`<option>${d}</option>`)}</select>
    <button type="submit" data-testid="exempt-submit">${f.kind === 'shelve' ? 'Shelve' : 'Out of service'}</button>
    <button type="button" class="link" @click=${app.act.closeForm}>cancel</button>
  </form></td></tr>`;
}

function row(app, a) {
  const unacked = a.state === 'ACTIVE_UNACKED' || a.state === 'RETURNED_UNACKED';
  const suppressed = a.shelved || a.outOfService;
  const cls = suppressed ? 'suppressed' : a.state === 'NORMAL' ? 'normal' : `sev-${a.severity} ${unacked ? 'unacked' : 'acked'}`;
  const last = app.desk ? app.desk.entries.find((e) => e.args && e.args.alarm === a.id) : null;
  const can = app.canCommand;
  return html`<tr class="alarm ${a.state === 'NORMAL' ? 'is-normal' : ''}" data-testid="alarm" data-alarm=${a.id}
      data-state=${a.state} data-shelved=${a.shelved ? 'true' : 'false'} data-oos=${a.outOfService ? 'true' : 'false'}>
    <td><span class="badge ${cls}">${a.state === 'NORMAL' ? 'OK' : severityLabel(a.severity) || '—'}</span></td>
    <td class="state" data-testid="alarm-state">${stateLabel(a.state)}</td>
    <td class="id">${a.id}${a.point ? html`<div class="quiet">${a.point}</div>` : nothing}</td>
    <td>${a.message}${exemption('shelved', a.shelved)}${exemption('out-of-service', a.outOfService)}
      ${outcome(last)}</td>
    <td>${time(a.since)}</td>
    <td class="actions">
      ${unacked ? html`<button data-testid="ack" ?disabled=${!can} @click=${() => app.act.ack(a.id)}>Acknowledge</button>` : nothing}
      ${a.shelved ? html`<button data-testid="unshelve" ?disabled=${!can} @click=${() => app.act.send('unshelve',
        { alarm: a.id }, 'unshelve ' + a.id)}>Unshelve</button>` : html`<button data-testid="shelve" ?disabled=${!can}
        @click=${() => app.act.openForm('shelve', a.id)}>Shelve…</button>`}
      ${a.outOfService ? html`<button data-testid="return" ?disabled=${!can} @click=${() => app.act.send(
        'return-to-service', { alarm: a.id }, 'return ' + a.id)}>Return to service</button>` : html`<button
        data-testid="oos" ?disabled=${!can} @click=${() => app.act.openForm('out-of-service', a.id)}>Out of service…</button>`}
    </td></tr>${form(app, a)}`;
}

export function alarms(app) {
  const list = app.model.alarmList(app.showNormal);
  return html`<main class="alarms"><section class="panel">
    <h2>Alarms
      <button data-testid="ack-all" ?disabled=${!app.canCommand || app.model.alarmCounts().unacked === 0}
        @click=${() => app.act.ack(null)}>Acknowledge all</button>
      <label class="toggle"><input type="checkbox" .checked=${app.showNormal} @change=${app.act.toggleNormal}>
        show normal</label></h2>
    ${counts(app)}
    ${outcome(app.desk && app.desk.entries.find((e) => e.command === 'ack' && !e.args.alarm))}
    ${list.length === 0 ? html`<p class="quiet">No alarm is active.</p>` : html`<table class="alarm-list">
      <thead><tr><th></th><th>State</th><th>Alarm</th><th>Message</th><th>Since</th><th></th></tr></thead>
      <tbody>${list.map((a) => row(app, a))}</tbody></table>`}
  </section></main>`;
}
