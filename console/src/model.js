// The pod as the console knows it: everything comes from the MQTT contract (docs/mqtt.md), nothing else.
// Pure: the caller hands in messages and the monotonic time (ms); tests drive it without a broker.

export const EVENT_LIMIT = 500;
const DEFAULT_STATE_INTERVAL_MS = 5000;

/** How old the retained state may get before it counts as stale: three state intervals. */
export function staleAfterMs(status) {
  const interval = status && Number.isFinite(status.stateIntervalMs) && status.stateIntervalMs > 0
    ? status.stateIntervalMs : DEFAULT_STATE_INTERVAL_MS;
  return 3 * interval;
}

export class PodModel {
  /** @param {string} root the topic root, e.g. podctl/lab/pod1 */
  constructor(root) {
    this.root = root;
    this.broker = 'connecting'; // connecting | connected | lost
    this.brokerSince = 0;
    this.status = null; // the last {root}/status payload
    this.state = null; // the last {root}/state payload
    this.stateAt = null; // monotonic ms when it arrived
    this.derate = null;
    this.points = new Map(); // id -> {v, u, q, ts, at}
    this.alarms = new Map(); // id -> alarm payload
    this.events = []; // newest first, unique by seq
    this.replies = new Map(); // id -> reply payload
    this.lastSeq = null;
    this.seqGaps = 0;
    this.malformed = 0;
    this.version = 0; // increments on every change, for redraws
  }

  /** The broker connection changed: connecting, connected or lost. */
  setBroker(condition, nowMs) {
    if (condition !== this.broker) {
      this.broker = condition;
      this.brokerSince = nowMs;
      this.version++;
    }
  }

  /**
   * One message from the broker. Returns what it was (status, state, point, alarm, event, reply, derate), or null
   * for topics of no interest and payloads that are not the contract's JSON (counted in malformed).
   */
  handle(topic, text, nowMs) {
    if (!topic.startsWith(this.root + '/')) {
      return null;
    }
    const rest = topic.substring(this.root.length + 1);
    let payload;
    try {
      payload = text === '' ? null : JSON.parse(text);
    } catch {
      this.malformed++;
      return null;
    }
    if (payload !== null && (typeof payload !== 'object' || Array.isArray(payload))) {
      this.malformed++;
      return null;
    }
    this.version++;
    if (rest === 'status') {
      this.status = payload;
      return 'status';
    }
    if (rest === 'state') {
      if (payload === null) {
        return null;
      }
      this.state = payload;
      this.stateAt = nowMs;
      return 'state';
    }
    if (rest === 'derate') {
      this.derate = payload;
      return 'derate';
    }
    if (rest === 'events') {
      // seq may exceed 2^53, where JSON numbers lose digits in JavaScript: take it from the text.
      const seq = /"seq"\s*:\s*(\d+)/.exec(text);
      return payload && this.addEvent({ ...payload, seq: seq ? seq[1] : payload.seq }) ? 'event' : null;
    }
    if (rest === 'replies') {
      if (payload && typeof payload.id === 'string') {
        this.replies.set(payload.id, payload);
        return 'reply';
      }
      return null;
    }
    if (rest.startsWith('points/')) {
      const id = rest.substring('points/'.length);
      if (payload === null) {
        this.points.delete(id); // a cleared retained point
      } else {
        this.points.set(id, { ...payload, at: nowMs });
      }
      return 'point';
    }
    if (rest.startsWith('alarms/')) {
      const id = rest.substring('alarms/'.length);
      if (payload === null) {
        this.alarms.delete(id);
      } else {
        this.alarms.set(id, { ...payload, id: payload.id || id });
      }
      return 'alarm';
    }
    return null;
  }

  addEvent(e) {
    if (typeof e.seq !== 'number' && typeof e.seq !== 'string') {
      this.malformed++;
      return false;
    }
    let seq;
    try {
      seq = BigInt(e.seq); // compared exactly, kept as text
    } catch {
      this.malformed++;
      return false;
    }
    if (this.events.some((x) => x.seqBig === seq)) {
      return false; // delivery is at least once: a repeat has the same seq
    }
    if (this.lastSeq !== null && !e.historical && seq > this.lastSeq + 1n) {
      this.seqGaps++;
    }
    if (this.lastSeq === null || seq > this.lastSeq) {
      this.lastSeq = seq;
    }
    const event = { ...e, seqBig: seq, seqText: String(e.seq) };
    let i = 0;
    while (i < this.events.length && this.events[i].seqBig > seq) {
      i++;
    }
    this.events.splice(i, 0, event);
    if (this.events.length > EVENT_LIMIT) {
      this.events.length = EVENT_LIMIT;
    }
    return true;
  }

  /**
   * Whether what is shown can be trusted now. {stale: true} whenever the broker is not connected, the pod's
   * status says offline, or the state is older than three state intervals; reasons say which.
   */
  condition(nowMs) {
    const reasons = [];
    if (this.broker !== 'connected') {
      reasons.push(this.broker === 'lost' ? 'broker' : 'connecting');
    }
    let pod = 'unknown';
    if (this.status) {
      pod = this.status.online === true ? 'online' : 'offline';
    }
    if (pod === 'offline') {
      reasons.push('offline');
    }
    let stateAge = null;
    let state = 'none';
    if (this.stateAt !== null) {
      stateAge = nowMs - this.stateAt;
      state = stateAge > staleAfterMs(this.status) ? 'stale' : 'fresh';
    }
    if (state !== 'fresh') {
      reasons.push(state === 'stale' ? 'state-stale' : 'no-state');
    }
    return { stale: reasons.length > 0, reasons, pod, state, stateAge, broker: this.broker };
  }

  /** The alarms as listed: every alarm that is not NORMAL (or all), most severe and newest first. */
  alarmList(includeNormal = false) {
    const rank = { trip: 0, alarm: 1, warning: 2, none: 3 };
    const stateRank = { ACTIVE_UNACKED: 0, RETURNED_UNACKED: 1, ACTIVE_ACKED: 2, NORMAL: 3 };
    return [...this.alarms.values()]
      .filter((a) => includeNormal || a.state !== 'NORMAL' || a.shelved || a.outOfService)
      .sort((a, b) => (stateRank[a.state] ?? 4) - (stateRank[b.state] ?? 4)
        || (rank[a.severity] ?? 4) - (rank[b.severity] ?? 4)
        || String(b.since || '').localeCompare(String(a.since || ''))
        || a.id.localeCompare(b.id));
  }

  /** Counts for the header and the alarm page. */
  alarmCounts() {
    const c = { unacked: 0, active: 0, returned: 0, shelved: 0, outOfService: 0, trip: 0, alarm: 0, warning: 0 };
    for (const a of this.alarms.values()) {
      if (a.outOfService) {
        c.outOfService++;
        continue;
      }
      if (a.shelved) {
        c.shelved++;
        continue;
      }
      if (a.state === 'ACTIVE_UNACKED' || a.state === 'RETURNED_UNACKED') {
        c.unacked++;
      }
      if (a.state === 'ACTIVE_UNACKED' || a.state === 'ACTIVE_ACKED') {
        c.active++;
        if (c[a.severity] !== undefined) {
          c[a.severity]++;
        }
      }
      if (a.state === 'RETURNED_UNACKED') {
        c.returned++;
      }
    }
    return c;
  }
}
