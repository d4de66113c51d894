// The frame of every page: the header (pod, mode, connection, alarm counts, clock, tabs) and the banner that
// says, in words, why what is shown cannot be trusted right now.
import { html, nothing } from 'lit-html';

export const TABS = [
  ['overview', 'Overview'],
  ['alarms', 'Alarms'],
  ['events', 'Events'],
  ['devices', 'Devices'],
  ['trends', 'Trends'],
];

const MODE_CLASS = { RUNNING: '', STARTING: 'mode-attn', DEGRADED: 'mode-warn', TRIPPED: 'mode-trip',
  MAINTENANCE: 'mode-attn', SHUTDOWN: 'mode-attn' };

function chip(name, text, abnormal, testid) {
  return html`<span class="chip ${abnormal ? 'chip-bad' : ''}" data-testid=${testid}
    data-abnormal=${abnormal ? 'true' : 'false'}><b>${name}</b> ${text}</span>`;
}

export function header(app) {
  const { model, condition } = app;
  const mode = model.state ? model.state.mode : '—';
  const counts = model.alarmCounts();
  const broker = { connected: 'connected', connecting: 'connecting…', lost: 'LOST' }[condition.broker];
  const pod = { online: 'online', offline: 'OFFLINE', unknown: 'unknown' }[condition.pod];
  const state = condition.state === 'fresh' ? 'current' : condition.state === 'stale'
    ? `STALE ${Math.round(condition.stateAge / 1000)} s` : 'none yet';
  return html`<header>
    <div class="title">
      <span class="pod" data-testid="pod-title">${app.config.title || model.root}</span>
      <span class="mode ${condition.stale ? 'q-stale' : MODE_CLASS[mode] ?? 'mode-attn'}" data-testid="mode"
        data-mode=${mode} title=${model.state ? model.state.modeReason : ''}>${mode}</span>
      <span class="mode-reason">${model.state && mode !== 'RUNNING' ? model.state.modeReason : ''}</span>
    </div>
    <div class="chips">
      ${chip('Broker', broker, condition.broker !== 'connected', 'conn-broker')}
      ${chip('Pod', pod, condition.pod !== 'online', 'conn-pod')}
      ${chip('State', state, condition.state !== 'fresh', 'conn-state')}
      <span class="chip ${counts.unacked ? 'chip-alarm' : ''}" data-testid="count-unacked"
        data-count=${counts.unacked}><b>Unacked</b> ${counts.unacked}</span>
      <span class="chip"><b>Active</b> ${counts.active}</span>
      <span class="chip clock time" data-testid="clock">${new Date(app.wallNow()).toLocaleTimeString([], { hour12: false })}</span>
      <span class="chip user">${app.user}<button class="link" @click=${app.act.logout}>sign out</button></span>
    </div>
    <nav>${TABS.map(([id, label]) => html`<button class="tab ${app.tab === id ? 'current' : ''}"
      data-testid=${'tab-' + id} @click=${() => app.act.tab(id)}>${label}${id === 'alarms' && counts.unacked
      ? html` <span class="count">${counts.unacked}</span>` : nothing}</button>`)}</nav>
  </header>`;
}

export function banner(app) {
  const { condition, model } = app;
  const lines = [];
  if (condition.reasons.includes('broker')) {
    lines.push(`BROKER CONNECTION LOST${app.brokerDetail ? ' (' + app.brokerDetail + ')' : ''}: every value below `
      + 'is the last one received and may no longer be true. Reconnecting…');
  } else if (condition.reasons.includes('connecting')) {
    lines.push('Connecting to the broker…');
  }
  if (condition.reasons.includes('offline')) {
    lines.push('POD OFFLINE: the controller is not connected to the broker (its Last Will, or an orderly stop). '
      + 'The values below are its last and may no longer be true.');
  }
  if (condition.reasons.includes('state-stale')) {
    lines.push(`STATE STALE: no state from the pod for ${Math.round(condition.stateAge / 1000)} s `
      + `(it is published at least every ${((model.status && model.status.stateIntervalMs) || 5000) / 1000} s).`);
  } else if (condition.reasons.includes('no-state') && condition.broker === 'connected') {
    lines.push('Waiting for the pod\'s state (nothing retained on the broker yet).');
  }
  if (app.connectionNote) {
    lines.push(app.connectionNote);
  }
  if (model.seqGaps > 0) {
    lines.push(`${model.seqGaps} gap(s) in the event sequence: some events were missed (see Events).`);
  }
  if (lines.length === 0) {
    return nothing;
  }
  return html`<div class="banner ${condition.stale ? 'banner-bad' : ''}" data-testid="banner"
    data-reasons=${condition.reasons.join(' ')}>${lines.map((l) => html`<div>${l}</div>`)}</div>`;
}

export function login(app) {
  const c = app.config;
  return html`<main class="login"><form class="panel" data-testid="login" @submit=${app.act.login}>
    <h1>podctl operator console</h1>
    <p>Connects to the pod's MQTT broker over WebSockets with your own broker account. The broker decides what you
      may see and command; this page keeps no password.</p>
    <label>Broker (WebSocket URL)<input name="url" required .value=${c.brokerUrl || ''}
      placeholder="wss://broker.example:8884/mqtt" autocomplete="url"></label>
    <label>Topic root<input name="root" required .value=${c.topicRoot || ''} placeholder="podctl/site/pod"></label>
    <label>User name<input name="username" .value=${app.lastUser || ''} autocomplete="username"></label>
    <label>Password<input name="password" type="password" autocomplete="current-password"></label>
    <button type="submit" data-testid="connect">Connect</button>
    ${app.loginError ? html`<div class="error" data-testid="login-error">${app.loginError}</div>` : nothing}
  </form></main>`;
}
