// Events (live and replayed, by seq), command replies, device health and counters, outputs, every point.
import { html, nothing } from 'lit-html';
import { time } from './parts.js';
import { pointDisplay } from '../quality.js';

export function events(app) {
  const m = app.model;
  const filter = app.eventFilter.toLowerCase();
  const list = m.events.filter((e) => !filter || `${e.type} ${e.source} ${e.message}`.toLowerCase().includes(filter));
  const replies = [...m.replies.values()].reverse().slice(0, 50);
  return html`<main class="records">
    <section class="panel"><h2>Events since this page connected <span class="count">${m.events.length}</span>
      <input class="filter" placeholder="filter" .value=${app.eventFilter} @input=${app.act.filterEvents}></h2>
      ${m.seqGaps ? html`<p class="tag-abnormal">${m.seqGaps} gap(s) in seq: events were missed.</p>` : nothing}
      ${m.events.length === 0 ? html`<p class="quiet">None yet: events are not retained on the broker; the pod's
        journal replays those its broker missed, marked replayed.</p>` : nothing}
      <table class="events"><thead><tr><th>seq</th><th>Time</th><th>Type</th><th>Source</th><th>Severity</th>
        <th>Message</th></tr></thead><tbody>${list.map((e) => html`<tr class="event sev-row-${e.severity}
        ${e.historical ? 'historical' : ''}" data-testid="event" data-type=${e.type} data-seq=${e.seqText}>
        <td class="seq">${e.seqText}</td><td>${time(e.time)}${e.historical
          ? html` <span class="tag" title="raised while the broker was away, replayed from the pod's journal">replayed</span>`
          : nothing}</td><td>${e.type}</td><td>${e.source}</td><td>${e.severity}</td><td>${e.message}</td></tr>`)}
      </tbody></table></section>
    <section class="panel"><h2>Command replies</h2>
      <table><thead><tr><th>Time</th><th>Command</th><th>Identity</th><th>Result</th><th>Message</th></tr></thead>
      <tbody>${replies.map((r) => html`<tr data-testid="reply" data-code=${r.code}><td>${time(r.time)}</td>
        <td>${r.command}</td><td>${r.identity}</td><td class=${r.ok ? '' : 'tag-abnormal'}>${r.code}</td>
        <td>${r.message}</td></tr>`)}</tbody></table>
      ${app.desk && app.desk.entries.some((e) => e.status === 'broker-refused' || e.status === 'no-reply')
        ? html`<p class="tag-abnormal">Some of your commands got no reply from the pod; see their outcomes.</p>` : nothing}
    </section></main>`;
}

function health(h) {
  return { ONLINE: '', DEGRADED: 'active sev-warning', OFFLINE: 'active sev-alarm' }[h] ?? 'q-bad';
}

export function devices(app) {
  const s = app.model.state || {};
  const devs = Object.entries(s.devices || {});
  const loop = s.loop || {};
  const pub = s.publisher || {};
  const journal = pub.journal || {};
  const byDevice = new Map();
  for (const [id, p] of [...app.model.points.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const dev = id.includes('.') && (s.devices || {})[id.split('.')[0]] ? id.split('.')[0] : 'gpio';
    if (!byDevice.has(dev)) {
      byDevice.set(dev, []);
    }
    byDevice.get(dev).push([id, p]);
  }
  const stale = app.condition.stale;
  return html`<main class="records">
    <section class="panel"><h2>Devices</h2>
      <table class="devices"><thead><tr><th>Device</th><th>Health</th><th>Reason</th><th>Requests</th><th>Failures</th>
        <th>Retries</th><th>Timeouts</th><th>Exceptions</th><th>Discarded</th><th>CRC</th><th>Reconnects</th>
        <th>Latency ms</th><th>Max ms</th></tr></thead>
      <tbody>${devs.map(([id, d]) => html`<tr data-testid="device" data-device=${id}><td class="id">${id}</td>
        <td><span class="val ${stale ? 'q-stale' : health(d.health)}" data-testid="health">${d.health}</span></td>
        <td>${d.reason}</td><td>${d.requests}</td><td>${d.failures}</td><td>${d.retries}</td><td>${d.timeouts}</td>
        <td>${Object.entries(d.exceptions || {}).map(([c, n]) => `${c}: ${n}`).join(', ') || '0'}</td>
        <td>${d.discarded}</td><td>${d.crcErrors}</td><td>${d.reconnects}</td>
        <td>${typeof d.latencyMs === 'number' ? d.latencyMs.toFixed(1) : ''}</td>
        <td>${typeof d.maxLatencyMs === 'number' ? d.maxLatencyMs.toFixed(1) : ''}</td></tr>`)}</tbody></table>
    </section>
    <section class="panel half"><h2>Controller</h2>
      <table class="kv"><tbody>
        <tr><td>Software</td><td>${app.model.status ? `${app.model.status.version} (contract ${app.model.status.contract})` : '—'}</td></tr>
        <tr><td>Started</td><td>${app.model.status ? time(app.model.status.startedAt) : '—'}</td></tr>
        <tr><td>Loop</td><td>${loop.periodMs} ms, ${loop.cycles} cycles, ${loop.overruns} overruns${loop.overruns
          ? html` <span class="tag-abnormal">overruns</span>` : nothing}</td></tr>
        <tr><td>Cycle p99 / max</td><td>${loop.p99CycleUs} / ${loop.maxCycleUs} µs</td></tr>
        <tr><td>Lateness p99 / max</td><td>${loop.p99LatenessUs} / ${loop.maxLatenessUs} µs</td></tr>
        <tr><td>Telemetry dropped</td><td class=${pub.telemetryDropped ? 'tag-abnormal' : ''}>${pub.telemetryDropped}</td></tr>
        <tr><td>Events dropped</td><td class=${pub.eventsDropped ? 'tag-abnormal' : ''}>${pub.eventsDropped}</td></tr>
        <tr><td>Journal</td><td class=${journal.full ? 'tag-abnormal' : ''}>${journal.full ? 'FULL, ' : ''}${journal.pending}
          pending, ${journal.backlog} backlog, ${journal.dropped} dropped</td></tr>
        <tr><td>Events seen</td><td>last seq ${app.model.lastSeq === null ? '—' : String(app.model.lastSeq)},
          ${app.model.seqGaps} gap(s)</td></tr>
      </tbody></table></section>
    <section class="panel half"><h2>Outputs</h2>
      <table><thead><tr><th>Output</th><th>Commanded</th><th>Read back</th></tr></thead>
      <tbody>${Object.entries(s.outputs || {}).map(([id, o]) => html`<tr data-testid="output"><td class="id">${id}</td>
        <td>${o.energized ? 'energized' : 'de-energized'}</td><td class=${o.energized !== o.readBack ? 'tag-abnormal' : ''}>
        ${o.readBack ? 'energized' : 'de-energized'}</td></tr>`)}</tbody></table></section>
    <section class="panel"><h2>Points</h2>
      ${[...byDevice.entries()].map(([dev, pts]) => html`<h3>${dev}</h3><table class="points"><tbody>${pts.map(([id, p]) => {
        const d = pointDisplay(p, stale);
        return html`<tr data-testid="point" data-point=${id}><td class="id">${id}</td>
          <td><span class="val ${d.cls}" title=${d.title}><span class="num">${d.text}</span><span class="unit">${d.unit}</span>
          </span></td><td>${p.q}</td><td>${time(p.ts)}</td></tr>`;
      })}</tbody></table>`)}
    </section></main>`;
}

