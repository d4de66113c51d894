// Commands as the contract defines them: {root}/cmd/{command}/{identity} with {id, issuedAt, expiresAt, args},
// answered on {root}/replies, matched by id. The broker may drop a command its ACL forbids: with MQTT 5 it says
// so in the PUBACK (Mosquitto 2, HiveMQ); otherwise no reply arrives and the console says that, after the
// command's expiry and a grace period, instead of staying silent.

/** Commands expire this long after they are issued (the pod accepts at most 5 s). */
export const EXPIRY_MS = 4000;
/** Waited beyond the expiry for a reply before saying there was none. */
export const REPLY_GRACE_MS = 2000;
const LIMIT = 50;

/** The identity level of a command topic: the broker user name, which the ACL ties commands to. */
export function identityProblem(identity) {
  if (!identity) {
    return 'a user name is needed to send commands: it is the identity the pod authorizes';
  }
  if (/[/+#\s]/.test(identity) || identity.length > 64) {
    return `the user name '${identity}' cannot be a topic level (no '/', '+', '#' or spaces, at most 64 characters)`;
  }
  return null;
}

export class CommandDesk {
  /**
   * @param publish  (topic, payloadText, callback(err)) sends at QoS 1
   * @param wallNow  () => epoch ms (the envelope's times)
   * @param monoNow  () => monotonic ms (the reply deadline)
   */
  constructor({ root, identity, publish, wallNow = () => Date.now(), monoNow = () => performance.now() }) {
    this.root = root;
    this.identity = identity;
    this.publish = publish;
    this.wallNow = wallNow;
    this.monoNow = monoNow;
    this.counter = 0;
    this.session = Math.floor(wallNow()).toString(36);
    this.entries = []; // newest first
    this.version = 0;
  }

  nextId() {
    this.counter++;
    const who = this.identity.replace(/[^A-Za-z0-9._:-]/g, '_').substring(0, 24);
    return `web-${who}-${this.session}-${this.counter}`.substring(0, 64);
  }

  /**
   * Sends a command; returns its entry, whose status goes sending → waiting → accepted | refused |
   * broker-refused | no-reply | failed.
   */
  send(command, args, label) {
    const entry = { id: null, command, args, label: label || command, status: 'sending', code: '', message: '',
      sentAt: this.monoNow(), time: new Date(this.wallNow()).toISOString() };
    this.entries.unshift(entry);
    if (this.entries.length > LIMIT) {
      this.entries.length = LIMIT;
    }
    this.version++;
    const problem = identityProblem(this.identity);
    if (problem) {
      Object.assign(entry, { status: 'failed', code: 'NO_IDENTITY', message: problem });
      return entry;
    }
    entry.id = this.nextId();
    const issued = this.wallNow();
    const envelope = { id: entry.id, issuedAt: new Date(issued).toISOString(),
      expiresAt: new Date(issued + EXPIRY_MS).toISOString(), args: args || {} };
    const topic = `${this.root}/cmd/${command}/${this.identity}`;
    this.publish(topic, JSON.stringify(envelope), (err) => this.published(entry, err));
    return entry;
  }

  published(entry, err) {
    if (entry.status !== 'sending') {
      return; // the reply came first
    }
    if (err) {
      const code = err.code !== undefined ? err.code : err.reasonCode;
      const refused = code === 135 || code === 0x87 || /not authori[sz]ed/i.test(String(err.message));
      Object.assign(entry, refused
        ? { status: 'broker-refused', code: 'NOT_AUTHORIZED',
          message: `the broker refused the command: user '${this.identity}' may not publish ${entry.command} commands (its ACL)` }
        : { status: 'failed', code: code !== undefined ? `MQTT_${code}` : 'NOT_SENT',
          message: `not sent: ${err.message || err}` });
    } else {
      entry.status = 'waiting';
    }
    this.version++;
  }

  /** A reply from {root}/replies; returns the entry it answers, or null when it is someone else's. */
  onReply(reply) {
    const entry = this.entries.find((e) => e.id === reply.id);
    if (!entry || entry.status === 'accepted' || entry.status === 'refused') {
      return null;
    }
    Object.assign(entry, { status: reply.ok ? 'accepted' : 'refused', code: reply.code || '',
      message: reply.message || '' });
    this.version++;
    return entry;
  }

  /** Marks commands without a reply past their expiry and grace; call about once a second. */
  tick() {
    const now = this.monoNow();
    for (const e of this.entries) {
      if ((e.status === 'waiting' || e.status === 'sending') && now - e.sentAt > EXPIRY_MS + REPLY_GRACE_MS) {
        Object.assign(e, { status: 'no-reply', code: 'NO_REPLY',
          message: `no reply within ${(EXPIRY_MS + REPLY_GRACE_MS) / 1000} s: the broker may have refused the `
            + 'command (its ACL), or the pod is offline' });
        this.version++;
      }
    }
  }

  /** The latest entry for a command and target, for the reply shown next to its button. */
  latest(command, target) {
    return this.entries.find((e) => e.command === command && (target === undefined || targetOf(e) === target));
  }
}

function targetOf(entry) {
  const a = entry.args || {};
  return a.alarm ?? a.trip ?? a.protection ?? a.output ?? null;
}
