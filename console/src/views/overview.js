// The pod at a glance: trips first, then the racks, the coolant loop, leak zones and E-stop, and power.
import { html, nothing } from 'lit-html';
import { value, digital, time, outcome } from './parts.js';
import { goodValue } from '../quality.js';

function trips(app) {
  const list = (app.model.state && app.model.state.trips) || [];
  const resetAll = app.desk ? app.desk.latest('reset', null) : null;
  return html`<section class="panel trips ${list.length ? 'has-trips' : ''}" data-testid="trips">
    <h2>Trips <span class="count">${list.length}</span>
      ${list.some((t) => !t.localResetOnly) ? html`<button data-testid="reset-all" ?disabled=${!app.canCommand}
        @click=${() => app.act.reset(null)}>Reset all</button>` : nothing}</h2>
    ${list.length === 0 ? html`<p class="quiet">No trip latched.</p>` : html`<table>
      <thead><tr><th></th><th>Trip</th><th>Cause</th><th>Latched</th><th>Condition</th><th></th></tr></thead>
      <tbody>${list.map((t) => html`<tr class="trip" data-testid="trip" data-trip=${t.id}>
        <td>${t.firstOut ? html`<span class="badge sev-trip unacked" data-testid="first-out">FIRST OUT</span>` : nothing}</td>
        <td class="id">${t.id}</td><td>${t.cause}</td><td>${time(t.latchedAt)}</td>
        <td>${t.conditionActive ? html`<span class="tag-abnormal" data-testid="condition-active">still present</span>`
          : html`<span class="quiet">cleared</span>`}</td>
        <td>${t.localResetOnly ? html`<span class="quiet" data-testid="local-only">reset at the pod only</span>`
          : html`<button data-testid="reset" ?disabled=${!app.canCommand} @click=${() => app.act.reset(t.id)}>Reset</button>`}
          ${outcome(app.desk && app.desk.latest('reset', t.id))}</td></tr>`)}</tbody></table>`}
    ${outcome(resetAll)}
  </section>`;
}

function summary(app) {
  const s = app.model.state;
  if (!s) {
    return html`<section class="panel summary"><h2>Pod</h2><p class="quiet">No state yet.</p></section>`;
  }
  const power = s.power || {};
  const derate = app.model.derate;
  return html`<section class="panel summary" data-testid="summary">
    <h2>Pod</h2>
    <div class="value-row"><span class="label">Mode</span><span class="val">${s.mode}</span></div>
    <div class="value-row"><span class="label">Reason</span><span class="val small">${s.modeReason || '—'}</span></div>
    <div class="value-row"><span class="label">Safety inputs</span><span class="val ${s.safetyInputsGood ? ''
      : 'active sev-alarm'}">${s.safetyInputsGood ? 'all good' : 'NOT ALL GOOD'}</span></div>
    <div class="value-row"><span class="label">Power available</span><span class="val">${power.availableKw == null
      ? 'not limited' : power.availableKw.toFixed(1) + ' kW'}</span></div>
    ${power.shedRacks && power.shedRacks.length ? html`<div class="value-row"><span class="label">Shed racks</span>
      <span class="val active sev-warning">${power.shedRacks.join(', ')}</span></div>` : nothing}
    ${derate && derate.effects && derate.effects.length ? html`<div class="value-row"><span class="label">Derate</span>
      <span class="val active sev-warning">${derate.effects.join(', ')}</span></div>` : nothing}
    ${s.maintenance ? html`<div class="value-row"><span class="label">Maintenance</span>
      <span class="val active sev-warning">${s.maintenance}</span></div>` : nothing}
    ${(s.bypasses || []).map((b) => html`<div class="value-row"><span class="label">Bypassed</span>
      <span class="val active sev-warning">${b.protection} by ${b.by} until ${time(b.until)}: ${b.reason}</span></div>`)}
    ${(s.overrides || []).map((o) => html`<div class="value-row"><span class="label">Override</span>
      <span class="val active sev-warning">${o.output} by ${o.by} until ${time(o.until)}: ${o.reason}</span></div>`)}
  </section>`;
}

function rack(app, r) {
  const out = app.model.state && app.model.state.outputs ? app.model.state.outputs[r.output] : undefined;
  const fb = app.model.points.get(r.feedback);
  const fbClosed = goodValue(fb, app.condition.stale);
  let contactor = 'unknown';
  let abnormal = false;
  if (out) {
    contactor = out.energized ? 'CLOSED' : 'open';
    if (out.energized !== out.readBack) {
      contactor += ' (read-back differs)';
      abnormal = true;
    }
    if (fbClosed !== null && Boolean(fbClosed) !== out.energized) {
      contactor += out.energized ? ' — did not close' : ' — did not open';
      abnormal = true;
    }
  }
  return html`<div class="rack panel" data-testid="rack" data-output=${r.output}>
    <h3>${r.name}</h3>
    ${value(app, r.power, 'Power')}
    <div class="value-row"><span class="label">Contactor</span>
      <span class="val ${app.condition.stale || !out ? 'q-stale' : abnormal ? 'active sev-alarm' : ''}"
        data-testid="contactor" data-energized=${out ? String(out.energized) : 'unknown'}>${contactor}</span></div>
    ${app.model.points.has(r.feedback) ? digital(app, r.feedback, 'Aux contact', 'closed', { inactiveText: 'open' }) : nothing}
    ${app.model.points.has(r.leak) ? digital(app, r.leak, 'Leak', 'LEAK', { abnormalWhenActive: true }) : nothing}
  </div>`;
}

function coolant(app) {
  const c = app.layout.coolant;
  const p = app.model.points;
  const supply = goodValue(p.get(c.supply), app.condition.stale);
  const ret = goodValue(p.get(c.return), app.condition.stale);
  const deltaT = supply !== null && ret !== null ? (ret - supply).toFixed(1) : null;
  return html`<section class="panel coolant" data-testid="coolant">
    <h2>Coolant loop</h2>
    <div class="cols">
      <div>
        ${value(app, c.supply, 'Supply')}
        ${value(app, c.return, 'Return')}
        <div class="value-row"><span class="label">ΔT</span><span class="val ${deltaT === null ? 'q-bad' : ''}">
          <span class="num">${deltaT === null ? 'n/a' : deltaT}</span><span class="unit">${deltaT === null ? '' : 'K'}</span>
          </span></div>
        ${value(app, c.flow, 'Flow')}
        ${value(app, c.diffPressure, 'ΔP')}
        ${value(app, c.level, 'Reservoir level')}
      </div>
      <div>
        ${c.pumps.map((pump) => html`<div class="pump">
          ${digital(app, pump.running, pump.name, 'running', { inactiveText: 'stopped' })}
          ${p.has(pump.fault) ? digital(app, pump.fault, 'fault', 'FAULT', { abnormalWhenActive: true }) : nothing}
          ${value(app, pump.speed, 'speed')}</div>`)}
        ${value(app, c.valve, 'Valve')}
        ${p.has(c.primarySupply) ? value(app, c.primarySupply, 'Facility supply') : nothing}
        ${p.has(c.primaryReturn) ? value(app, c.primaryReturn, 'Facility return') : nothing}
      </div>
    </div>
  </section>`;
}

function leaks(app) {
  return html`<section class="panel leaks" data-testid="leaks">
    <h2>Leak zones and E-stop</h2>
    ${app.layout.leaks.map((id) => digital(app, id, id.replace(/^leak\./, ''), 'LEAK', { abnormalWhenActive: true }))}
    ${digital(app, app.layout.estop, 'E-stop', 'PRESSED', { abnormalWhenActive: true })}
  </section>`;
}

function power(app) {
  return html`<section class="panel power" data-testid="power">
    <h2>Power</h2>
    ${value(app, app.layout.feeder, 'Feeder')}
    ${app.layout.racks.map((r) => value(app, r.power, r.name))}
  </section>`;
}

export function overview(app) {
  return html`<main class="overview">
    <div class="row top">${trips(app)}${summary(app)}</div>
    <div class="row racks">${app.layout.racks.map((r) => rack(app, r))}</div>
    <div class="row bottom">${coolant(app)}${leaks(app)}${power(app)}</div>
  </main>`;
}
