// The console's one way in: MQTT 5 over WebSockets to the pod's broker, as the operator (their user name and
// password, which stay in this page's memory only). The broker's authentication and ACLs decide what they may
// read and command; the console holds no secret of its own.
import mqtt from 'mqtt';

/** The contract's topics the console reads (never the command topics). */
export function subscriptions(root) {
  return ['status', 'state', 'derate', 'events', 'replies', 'points/+', 'alarms/+'].map((t) => `${root}/${t}`);
}

export class BrokerConnection {
  /**
   * @param onMessage (topic, text) for every message
   * @param onChange  ({condition, detail}) when the connection changes: connecting, connected, lost, refused
   */
  constructor({ url, username, password, root, onMessage, onChange }) {
    this.root = root;
    this.onChange = onChange;
    this.deniedTopics = [];
    const random = Math.random().toString(36).substring(2, 10);
    this.client = mqtt.connect(url, {
      protocolVersion: 5,
      clientId: `podctl-console-${random}`,
      username: username || undefined,
      password: password || undefined,
      clean: true,
      keepalive: 20,
      connectTimeout: 10_000,
      reconnectPeriod: 2000,
      resubscribe: false, // subscribed again on every connection below
    });
    const decoder = new TextDecoder();
    this.client.on('connect', () => {
      this.client.subscribe(subscriptions(root), { qos: 1 }, (err, granted) => {
        if (err) {
          this.onChange({ condition: 'connected', detail: `subscribe failed: ${err.message}` });
          return;
        }
        // A denied subscription comes back with a failure code (0x80 and above) instead of a QoS.
        this.deniedTopics = (granted || []).filter((g) => g.qos >= 0x80).map((g) => g.topic);
        this.onChange({ condition: 'connected', detail: this.deniedTopics.length
          ? `the broker does not let this user read ${this.deniedTopics.join(', ')}` : '' });
      });
    });
    this.client.on('message', (topic, payload) => onMessage(topic, decoder.decode(payload)));
    this.client.on('reconnect', () => this.onChange({ condition: 'connecting', detail: 'reconnecting' }));
    this.client.on('close', () => this.onChange({ condition: 'lost', detail: 'connection closed' }));
    this.client.on('offline', () => this.onChange({ condition: 'lost', detail: 'broker unreachable' }));
    this.client.on('error', (err) => {
      // CONNACK 0x86 (bad user name or password) or 0x87 (not authorized): trying again will not help.
      if (err && (err.code === 134 || err.code === 135 || err.code === 4 || err.code === 5)) {
        this.client.end(true);
        this.onChange({ condition: 'refused', detail: `the broker refused the login: ${err.message}` });
      } else {
        this.onChange({ condition: 'lost', detail: err ? err.message : 'error' });
      }
    });
  }

  /** Publishes at QoS 1; the callback gets an error with a reason code when the broker refuses it. */
  publish(topic, text, callback) {
    this.client.publish(topic, text, { qos: 1, retain: false }, (err, packet) => {
      if (!err && packet && typeof packet.reasonCode === 'number' && packet.reasonCode >= 0x80) {
        callback({ code: packet.reasonCode, message: `reason code ${packet.reasonCode}` });
        return;
      }
      callback(err || null);
    });
  }

  close() {
    this.client.end(true);
  }
}
