// Wiring: config.json, the login, the broker connection, the model, commands, trends, and drawing.
import { render } from 'lit-html';
import './style.css';
import { PodModel } from './model.js';
import { CommandDesk } from './commands.js';
import { BrokerConnection } from './connection.js';
import { layoutFor } from './layout.js';
import { TrendStore, TrendCharts } from './trends.js';
import { header, banner, login } from './views/frame.js';
import { overview } from './views/overview.js';
import { alarms } from './views/alarms.js';
import { events, devices } from './views/records.js';

const root = document.getElementById('app');
const trendHost = document.getElementById('trend-host');
const PAGES = { overview, alarms, events, devices, trends: () => '' };
const USER_KEY = 'podctl-console-user';

const app = {
  config: {},
  model: null,
  desk: null,
  connection: null,
  layout: null,
  condition: { stale: true, reasons: ['connecting'], broker: 'connecting', pod: 'unknown', state: 'none' },
  tab: 'overview',
  user: '',
  lastUser: localStorage.getItem(USER_KEY) || '',
  loginError: '',
  brokerDetail: '',
  connectionNote: '',
  everConnected: false,
  canCommand: false,
  showNormal: false,
  eventFilter: '',
  alarmForm: null,
  trends: null,
  charts: null,
  wallNow: () => Date.now(),
  act: {},
};

root.replaceChildren(); // the static "loading" text; lit-html renders from here on
let drawPending = false;
function draw() {
  if (drawPending) {
    return;
  }
  drawPending = true;
  requestAnimationFrame(() => {
    drawPending = false;
    drawNow();
  });
}

function drawNow() {
  if (!app.model) {
    render(login(app), root);
    trendHost.hidden = true;
    return;
  }
  app.condition = app.model.condition(performance.now());
  app.canCommand = app.condition.broker === 'connected';
  app.layout = layoutFor(app.model.state, app.model.points.keys(), app.config.layout || {});
  render([header(app), banner(app), PAGES[app.tab](app)], root);
  trendHost.hidden = app.tab !== 'trends';
  if (app.tab === 'trends') {
    if (!app.charts && app.trends) {
      app.charts = new TrendCharts(document.getElementById('trend-charts'), app.layout.trends, app.trends);
    }
    if (app.charts) {
      app.charts.update();
    }
  }
  document.body.dataset.stale = app.condition.stale ? 'true' : 'false';
}

function connect(url, topicRoot, username, password) {
  app.model = new PodModel(topicRoot);
  app.user = username || '(anonymous)';
  app.loginError = '';
  app.everConnected = false;
  app.connection = new BrokerConnection({
    url, username, password, root: topicRoot,
    onMessage: (topic, text) => {
      const kind = app.model.handle(topic, text, performance.now());
      if (kind === 'reply') {
        app.desk.onReply(app.model.replies.get(JSON.parse(text).id));
      }
      draw();
    },
    onChange: ({ condition, detail }) => {
      if (condition === 'refused') {
        app.loginError = detail;
        disconnect();
        return;
      }
      if (condition === 'connected') {
        app.everConnected = true;
        app.connectionNote = detail;
      }
      // Once connected, every attempt that follows is a lost connection being re-established.
      const shown = condition === 'connecting' && app.everConnected ? 'lost' : condition;
      app.brokerDetail = shown === 'lost' ? detail : '';
      app.model.setBroker(shown, performance.now());
      draw();
    },
  });
  app.desk = new CommandDesk({
    root: topicRoot,
    identity: username,
    publish: (topic, payload, cb) => app.connection.publish(topic, payload, (err) => {
      cb(err);
      draw();
    }),
  });
  app.trends = null;
  app.charts = null;
  draw();
}

function disconnect() {
  if (app.connection) {
    app.connection.close();
  }
  app.connection = null;
  app.model = null;
  app.desk = null;
  app.trends = null;
  app.charts = null;
  document.getElementById('trend-charts').replaceChildren();
  draw();
}

app.act = {
  login: (event) => {
    event.preventDefault();
    const f = new FormData(event.target);
    const username = String(f.get('username') || '').trim();
    localStorage.setItem(USER_KEY, username);
    app.lastUser = username;
    connect(String(f.get('url')).trim(), String(f.get('root')).trim().replace(/\/+$/, ''), username,
      String(f.get('password') || ''));
  },
  logout: () => disconnect(),
  tab: (id) => {
    app.tab = id;
    draw();
  },
  send: (command, args, label) => {
    app.desk.send(command, args, label);
    draw();
  },
  ack: (alarm) => app.act.send('ack', alarm ? { alarm } : {}, alarm ? `acknowledge ${alarm}` : 'acknowledge all'),
  reset: (trip) => app.act.send('reset', trip ? { trip } : {}, trip ? `reset ${trip}` : 'reset all'),
  openForm: (kind, alarm) => {
    app.alarmForm = { kind, alarm };
    draw();
  },
  closeForm: () => {
    app.alarmForm = null;
    draw();
  },
  exempt: (kind, alarm, reason, duration) => {
    app.alarmForm = null;
    app.act.send(kind, { alarm, reason, duration }, `${kind} ${alarm}`);
  },
  toggleNormal: (event) => {
    app.showNormal = event.target.checked;
    draw();
  },
  filterEvents: (event) => {
    app.eventFilter = event.target.value;
    draw();
  },
};

// Once a second: staleness is judged by time, commands without a reply time out, and the trends take a sample.
setInterval(() => {
  if (!app.model) {
    return;
  }
  app.desk.tick();
  const condition = app.model.condition(performance.now());
  if (!app.trends && app.model.state) {
    app.trends = new TrendStore(layoutFor(app.model.state, app.model.points.keys(), app.config.layout || {})
      .trends.flatMap((t) => t.series));
  }
  if (app.trends) {
    app.trends.sample(Date.now() / 1000, app.model.points, condition.stale);
  }
  drawNow();
}, 1000);

window.addEventListener('resize', () => {
  if (app.charts) {
    app.charts.resize(document.getElementById('trend-charts').clientWidth / 2 - 24);
  }
});

async function start() {
  try {
    const r = await fetch('./config.json', { cache: 'no-store' });
    if (r.ok) {
      app.config = await r.json();
    }
  } catch {
    // Hosted without a config.json: the operator types the broker and topic root.
  }
  draw();
}

start();
