package io.podctl.controller.mqtt.paho;

import io.podctl.controller.commands.InboundMessage;
import io.podctl.controller.mqtt.LinkSettings;
import io.podctl.controller.mqtt.LinkStatus;
import io.podctl.controller.mqtt.MqttLink;
import io.podctl.controller.mqtt.OutboundMessage;
import io.podctl.hal.Clock;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * {@link MqttLink} over the Eclipse Paho MQTT v3 asynchronous client, with its own connection supervisor.
 *
 * <p>Paho's automatic reconnect is not used: it does not retry a failed first connect and its backoff grows
 * to 128 s without jitter. Instead one daemon thread, {@code mqtt-link}, owns the client's connection and runs
 * the whole connection life cycle:
 * <ul>
 *   <li>connects with a deadline of {@link LinkSettings#connectTimeout()} per attempt (Paho itself would wait
 *       for a CONNACK forever from a broker that accepted the TCP connection but is frozen);</li>
 *   <li>after a failed attempt waits an exponential, ±20 % jittered backoff from
 *       {@link LinkSettings#reconnectMin()} to {@link LinkSettings#reconnectMax()} and tries the next broker
 *       URI (round robin); after losing an established connection it waits {@code reconnectMin} and tries the
 *       same broker first; the first connect is retried like any other;</li>
 *   <li>uses a clean session (MQTT 3.1.1), so on every connection it re-subscribes every registered
 *       subscription and then calls {@link ConnectionListener#onConnected};</li>
 *   <li>detects a dead or frozen broker with MQTT keepalive: Paho drops the connection when a PINGRESP is
 *       overdue, about two keepalive intervals after the broker stopped answering (measured with a SIGSTOPped
 *       broker: 1.9 to 2.2 s at 1 s, 3.9 to 4.2 s at 2 s);</li>
 *   <li>schedules those keepalive checks on the link's own daemon thread {@code mqtt-ping <client id>}, a
 *       {@link ScheduledThreadPoolExecutor}, which measures delays with {@link System#nanoTime()}: Paho's default
 *       ping sender uses a {@link java.util.Timer}, which schedules by wall-clock time, so a wall-clock step back
 *       (an NTP correction on a board that booted without a real-time clock) would hold pings back by the size
 *       of the step and let the broker drop a healthy connection. The executor lives as long as the link and is
 *       shut down when the link closes;</li>
 *   <li>registers the Last Will from the settings, always retained at QoS 1.</li>
 * </ul>
 *
 * <p>Outbound messages are queued by {@link OutboundMessage.Delivery} (see {@link MqttLink#publish} and
 * {@link OutboundQueues}) and handed to Paho in the queues' order, reliable first, keeping at most
 * {@link #MAX_IN_FLIGHT} publishes (any QoS) outstanding. While connected, with room in that window and no one
 * else handing a message over, {@link #publish} hands the next queued message (normally its own) to Paho on the
 * calling thread, which only queues it for Paho's sender thread; otherwise the supervisor does. Either way one
 * thread at a time holds the hand-over ({@code handing}), so messages reach Paho in queue order, and the
 * supervisor never connects or drops a connection while a caller is inside Paho. A change therefore costs no
 * wake-up of the supervisor, which sleeps while nothing is queued. Paho's own in-flight window is set above
 * ours, so Paho never refuses a publish with "Too many publishes in progress", and its internal pending queue,
 * which is unbounded, never holds more than our window. {@code LATEST} topics are capped at
 * {@link #LATEST_TOPIC_CAPACITY}.
 *
 * <p>TLS ({@code ssl://} URIs): the CA, client certificate and key are read from the PEM files of
 * {@link LinkSettings#tls()} at each attempt; TLS 1.2+ only; hostname verification is on.
 *
 * <p>Threading: {@link #publish}, {@link #status} are thread-safe, never block on I/O (Paho's publish only
 * queues the message for its sender thread under short locks) and may be called from the control loop.
 * {@link #subscribe} and {@link #addConnectionListener} must be called before {@link #start}.
 * {@link InboundHandler}s run on Paho's callback thread; {@link ConnectionListener}s run on the {@code mqtt-link}
 * thread. {@link #close} blocks its caller for at most its timeout plus two seconds;
 * it is idempotent. Time is measured with the injected {@link Clock}'s monotonic
 * {@link Clock#nanoTime()}, which must advance in real time (the link waits on real-time conditions).
 */
public final class PahoMqttLink implements MqttLink {

    /** Publishes (any QoS) handed to Paho and not yet completed, at most. */
    public static final int MAX_IN_FLIGHT = 64;

    /**
     * Paho's max in-flight setting: twice our window. Paho completes a QoS 0 token before it decrements its own
     * in-flight count, so for a moment it may count a message we already consider done; the headroom keeps
     * Paho from ever refusing a publish with "Too many publishes in progress" (32202).
     */
    static final int PAHO_MAX_IN_FLIGHT = 2 * MAX_IN_FLIGHT;

    /** Distinct topics the {@code LATEST} map holds at most; messages for further topics are refused. */
    public static final int LATEST_TOPIC_CAPACITY = 1024;

    private static final Logger log = LoggerFactory.getLogger(PahoMqttLink.class);
    private static final long CLOSE_GRACE_MILLIS = 1_000;

    private final LinkSettings settings;
    private final Clock clock;
    private final Backoff backoff;
    private final MqttAsyncClient client;
    /** Runs Paho's keepalive checks; owned by the link, shut down in {@link #closeClient}. */
    private final ScheduledThreadPoolExecutor pingScheduler;
    private final Thread supervisor;
    private final DeliveryListener deliveryListener = new DeliveryListener();

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the supervisor may have something to do: a message, an ack, a loss, a close. */
    private final Condition changed = lock.newCondition();

    // Written before start() only; the thread start publishes them to the supervisor.
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<ConnectionListener> listeners = new ArrayList<>();

    // Guarded by lock.
    private final OutboundQueues queues;
    private boolean started;
    private boolean connected;
    /** A thread (the supervisor or a publisher) is handing a taken message to Paho, outside the lock. */
    private boolean handing;
    private String lossReason;
    private boolean closing;
    private long closeDeadlineNanos;
    private String brokerUri;
    private long connects;
    private long connectFailures;
    private String lastError = "";

    /**
     * Creates a link; nothing connects before {@link #start()}.
     *
     * @param settings brokers, identity, timeouts, Will, credentials, TLS and queue capacities
     * @param clock    monotonic time for deadlines and backoff
     * @throws IllegalArgumentException if a broker URI or the client id is not valid for Paho
     */
    public PahoMqttLink(LinkSettings settings, Clock clock) {
        PahoLogBridge.install();
        this.settings = settings;
        this.clock = clock;
        this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax(), RandomGenerator.getDefault());
        this.queues = new OutboundQueues(settings.telemetryQueueCapacity(), settings.reliableQueueCapacity(),
                LATEST_TOPIC_CAPACITY);
        // Validates every URI (throws IllegalArgumentException) before anything runs.
        new MqttConnectOptions().setServerURIs(settings.brokerUris().toArray(String[]::new));
        this.pingScheduler = newPingScheduler(settings.clientId());
        try {
            this.client = new MqttAsyncClient(settings.brokerUris().getFirst(), settings.clientId(),
                    new MemoryPersistence(), new ScheduledExecutorPingSender(pingScheduler));
        } catch (MqttException e) {
            pingScheduler.shutdownNow();
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.brokerUris(), e);
        }
        client.setCallback(new LossCallback());
        this.brokerUri = settings.brokerUris().getFirst();
        this.supervisor = Thread.ofPlatform().name("mqtt-link").daemon(true).unstarted(this::supervise);
    }

    /**
     * One daemon thread for Paho's keepalive checks. Delays are measured on the monotonic clock, unlike
     * {@link java.util.Timer}'s; a cancelled check (Paho cancels the pending one on every disconnect) leaves
     * the queue at once instead of waiting out its delay.
     */
    private static ScheduledThreadPoolExecutor newPingScheduler(String clientId) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("mqtt-ping " + clientId).daemon(true).factory());
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    @Override
    public void subscribe(String topicFilter, int qos, InboundHandler handler) {
        if (qos < 0 || qos > 1) {
            throw new IllegalArgumentException("qos must be 0 or 1: " + qos);
        }
        lock.lock();
        try {
            requireNotStarted();
            subscriptions.add(new Subscription(topicFilter, qos, handler));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        lock.lock();
        try {
            requireNotStarted();
            listeners.add(listener);
        } finally {
            lock.unlock();
        }
    }

    private void requireNotStarted() {
        if (started || closing) {
            throw new IllegalStateException("register subscriptions and listeners before start()");
        }
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (started || closing) {
                return;
            }
            started = true;
        } finally {
            lock.unlock();
        }
        supervisor.start();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the topic is empty or holds a wildcard or NUL (a programming error;
     *                                  such a message would be refused by every broker on every attempt)
     */
    @Override
    public boolean publish(OutboundMessage message) {
        return publish(message, null);
    }

    /** {@inheritDoc} The callback runs on Paho's callback thread, outside the link's lock. */
    @Override
    public boolean publish(OutboundMessage message, Runnable onAcknowledged) {
        validateTopic(message.topic());
        OutboundQueues.Sent direct = null;
        lock.lock();
        try {
            if (!queues.offer(message, onAcknowledged)) {
                return false;
            }
            if (connected && lossReason == null && !closing && !handing && queues.inFlight() < MAX_IN_FLIGHT) {
                direct = queues.next();
                handing = direct != null;
            } else {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
        if (direct != null) {
            handOver(direct);
        }
        return true;
    }

    /**
     * Hands one taken message to Paho on the calling thread, then gives the hand-over back and wakes the
     * supervisor if it has something to do (more queued, a lost connection, a close).
     */
    private void handOver(OutboundQueues.Sent sent) {
        try {
            send(sent);
        } finally {
            lock.lock();
            try {
                handing = false;
                if (queues.hasWork() || lossReason != null || closing) {
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private static void validateTopic(String topic) {
        if (topic.isEmpty() || topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.indexOf('\0') >= 0
                || topic.getBytes(StandardCharsets.UTF_8).length > 65_535) {
            throw new IllegalArgumentException("not a valid topic to publish to: '" + topic + "'");
        }
    }

    @Override
    public LinkStatus status() {
        lock.lock();
        try {
            return new LinkStatus(connected && lossReason == null, brokerUri, connects, connectFailures,
                    queues.telemetryDropped(), queues.reliablePending(), queues.reliableRefused(),
                    queues.acknowledged(), lastError, queues.telemetryQueued(), queues.latestRefused());
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Queued telemetry is discarded (counted as dropped); reliable and latest messages still go out, then
     * {@code lastMessage}, which supersedes a queued latest message on its topic. The link disconnects cleanly
     * (MQTT DISCONNECT, so no Will) only if all of that was acknowledged within the timeout; otherwise, or if it
     * was not connected, it drops the connection and the broker publishes the Will, which then tells the truth.
     * A second call returns at once. Must not be called from an {@link InboundHandler} (Paho's callback thread
     * is needed to finish the close).
     */
    @Override
    public void close(OutboundMessage lastMessage, Duration timeout) {
        if (lastMessage != null) {
            validateTopic(lastMessage.topic());
        }
        boolean wasStarted;
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            closeDeadlineNanos = clock.nanoTime() + timeout.toNanos();
            queues.beginClose(lastMessage);
            wasStarted = started;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!wasStarted) {
            closeClient(false);
            return;
        }
        if (Thread.currentThread() == supervisor) {
            return; // called from a ConnectionListener: the supervisor finishes the close when it returns
        }
        try {
            supervisor.join(Math.max(1, timeout.toMillis()) + CLOSE_GRACE_MILLIS);
            if (supervisor.isAlive()) {
                // Stuck in a Paho call past its deadline: break the connection from here (the only Paho call
                // made outside the supervisor and the publish hand-over) so that the supervisor's wait returns.
                log.warn("MQTT link did not stop within {} ms; dropping the connection", timeout.toMillis());
                supervisor.interrupt();
                abortConnection();
                supervisor.join(CLOSE_GRACE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the supervisor thread

    private void supervise() {
        List<String> uris = settings.brokerUris();
        int index = 0;
        int consecutiveFailures = 0;
        boolean cleanClose = false;
        try {
            while (!isClosing()) {
                String uri = uris.get(index);
                String failure = connect(uri);
                if (failure == null) {
                    consecutiveFailures = 0;
                    backoff.reset();
                    String reason = serve();
                    if (reason == null) {
                        cleanClose = lastMessageDelivered();
                        break;
                    }
                    log.warn("MQTT connection to {} lost: {}", uri, reason);
                    abortConnection();
                    notifyDisconnected(reason);
                } else {
                    consecutiveFailures++;
                    lock.lock();
                    try {
                        connectFailures++;
                        lastError = failure;
                    } finally {
                        lock.unlock();
                    }
                    if (consecutiveFailures <= 3 || consecutiveFailures % 10 == 0) {
                        log.warn("MQTT connect to {} failed ({} in a row): {}", uri, consecutiveFailures, failure);
                    }
                    notifyDisconnected(failure);
                    index = (index + 1) % uris.size();
                }
                if (!awaitBackoff(backoff.nextDelayNanos())) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // A bug in this class or in Paho: the link is dead; say so in its status rather than vanish.
            log.error("MQTT link supervisor failed; the link is down for good", e);
            setLastError("supervisor failed: " + e);
        } finally {
            closeClient(cleanClose);
        }
    }

    private boolean isClosing() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    private boolean lastMessageDelivered() {
        lock.lock();
        try {
            return queues.drainedForClose();
        } finally {
            lock.unlock();
        }
    }

    /** One connection attempt with its deadline; null on success (connected and subscribed), else why not. */
    private String connect(String uri) {
        lock.lock();
        try {
            brokerUri = uri;
            lossReason = null;
        } finally {
            lock.unlock();
        }
        MqttConnectOptions options;
        try {
            options = options(uri);
        } catch (GeneralSecurityException | IOException e) {
            return "TLS material: " + e.getMessage();
        }
        long deadline = clock.nanoTime() + settings.connectTimeout().toNanos();
        try {
            IMqttToken token = client.connect(options);
            token.waitForCompletion(remainingMillis(deadline));
            if (!subscriptions.isEmpty()) {
                String[] filters = new String[subscriptions.size()];
                int[] qos = new int[filters.length];
                IMqttMessageListener[] handlers = new IMqttMessageListener[filters.length];
                for (int i = 0; i < filters.length; i++) {
                    Subscription s = subscriptions.get(i);
                    filters[i] = s.filter();
                    qos[i] = s.qos();
                    handlers[i] = s;
                }
                IMqttToken subscribed = client.subscribe(filters, qos, handlers);
                subscribed.waitForCompletion(remainingMillis(deadline));
                int[] granted = subscribed.getGrantedQos();
                for (int i = 0; i < granted.length && i < filters.length; i++) {
                    if (granted[i] == 0x80) {
                        // A refused filter (ACL) will not work after a reconnect either: report it, keep going.
                        log.error("broker {} refused the subscription to '{}'", uri, filters[i]);
                        setLastError("subscription refused: " + filters[i]);
                    }
                }
            }
        } catch (MqttException e) {
            abortConnection();
            return describe(e);
        }
        lock.lock();
        try {
            if (lossReason != null) {
                return lossReason;
            }
            connected = true;
            connects++;
        } finally {
            lock.unlock();
        }
        log.info("MQTT connected to {} as {}", uri, settings.clientId());
        for (ConnectionListener listener : listeners) {
            try {
                listener.onConnected(uri);
            } catch (RuntimeException e) {
                // One faulty listener must not take the link down with it.
                log.error("connection listener failed in onConnected", e);
            }
        }
        return null;
    }

    private long remainingMillis(long deadlineNanos) throws MqttException {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - clock.nanoTime());
        if (remaining <= 0) {
            throw new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT);
        }
        return remaining;
    }

    private MqttConnectOptions options(String uri) throws GeneralSecurityException, IOException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setServerURIs(new String[] {uri});
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no silent second attempt with 3.1
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(ceilSeconds(settings.keepAlive()));
        o.setConnectionTimeout(ceilSeconds(settings.connectTimeout()));
        o.setMaxInflight(PAHO_MAX_IN_FLIGHT);
        OutboundMessage will = settings.willForNextAttempt();
        if (will != null) {
            o.setWill(will.topic(), will.payload(), 1, true);
        }
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password().clone());
        }
        if (uri.startsWith("ssl://")) {
            if (settings.tls() == null) {
                throw new GeneralSecurityException("broker " + uri + " needs TLS settings");
            }
            o.setSocketFactory(PemTls.socketFactory(settings.tls()));
            o.setHttpsHostnameVerificationEnabled(true);
        }
        return o;
    }

    private static int ceilSeconds(Duration d) {
        return (int) Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /**
     * Hands queued messages to Paho while connected. Returns why the connection ended, or null when a close
     * finished (everything drained or the close deadline passed).
     */
    private String serve() {
        lock.lock();
        try {
            while (true) {
                if (handing) {
                    // A publisher is inside Paho: let it finish before this thread acts on the connection.
                    changed.awaitNanos(TimeUnit.SECONDS.toNanos(1));
                    continue;
                }
                if (lossReason != null) {
                    String reason = lossReason;
                    connected = false;
                    lastError = reason;
                    queues.connectionLost();
                    return reason;
                }
                long now = clock.nanoTime();
                if (closing && (queues.drainedForClose() || now - closeDeadlineNanos >= 0)) {
                    return null;
                }
                OutboundQueues.Sent next = queues.inFlight() < MAX_IN_FLIGHT ? queues.next() : null;
                if (next != null) {
                    handing = true;
                    lock.unlock();
                    try {
                        send(next);
                    } finally {
                        lock.lock();
                        handing = false;
                    }
                    continue;
                }
                // Bounded wait: every change signals, the bound only guards the close deadline.
                long waitNanos = closing ? closeDeadlineNanos - now : TimeUnit.SECONDS.toNanos(1);
                changed.awaitNanos(waitNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Called without the lock: Paho may call back on another thread while this runs. */
    private void send(OutboundQueues.Sent sent) {
        OutboundMessage m = sent.message;
        try {
            client.publish(m.topic(), m.payload(), m.qos(), m.retained(), sent, deliveryListener);
        } catch (MqttException e) {
            // Not connected any more (the loss callback may not have arrived yet) or, against our window,
            // the in-flight limit: either way the connection is suspect; start over with a new one.
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                log.error("Paho refused a publish for its in-flight window; the link's own window must prevent that");
            }
            lock.lock();
            try {
                queues.failed(sent);
                if (lossReason == null) {
                    lossReason = "publish refused: " + describe(e);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean awaitBackoff(long delayNanos) {
        long deadline = clock.nanoTime() + delayNanos;
        lock.lock();
        try {
            long remaining;
            while (!closing && (remaining = deadline - clock.nanoTime()) > 0) {
                changed.awaitNanos(remaining);
            }
            return !closing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void notifyDisconnected(String reason) {
        for (ConnectionListener listener : listeners) {
            try {
                listener.onDisconnected(reason);
            } catch (RuntimeException e) {
                log.error("connection listener failed in onDisconnected", e);
            }
        }
    }

    private void setLastError(String error) {
        lock.lock();
        try {
            lastError = error;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops the network connection without an MQTT DISCONNECT (so the broker publishes the Will). Also ends a
     * connect attempt still waiting for its CONNACK; Paho's async client cannot tell whether one is pending,
     * and a forced disconnect of an idle client does nothing harmful.
     */
    private void abortConnection() {
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException e) {
            log.debug("dropping the MQTT connection: {}", describe(e));
        }
    }

    /** Ends the connection (cleanly if {@code clean}: the broker then does not publish the Will) and closes. */
    private void closeClient(boolean clean) {
        lock.lock();
        try {
            connected = false;
        } finally {
            lock.unlock();
        }
        if (clean && client.isConnected()) {
            try {
                client.disconnect(0).waitForCompletion(CLOSE_GRACE_MILLIS);
            } catch (MqttException e) {
                log.warn("clean MQTT disconnect failed: {}", describe(e));
            }
        }
        abortConnection();
        try {
            client.close();
        } catch (MqttException e) {
            log.debug("closing the MQTT client: {}", describe(e));
        }
        // After the client: Paho no longer schedules keepalive checks once its connection is down.
        pingScheduler.shutdownNow();
        log.info("MQTT link closed ({})", clean ? "clean disconnect" : "connection dropped, Will applies");
    }

    private static String describe(MqttException e) {
        Throwable cause = e.getCause();
        String text = e.getMessage() + " (" + e.getReasonCode() + ")";
        return cause == null ? text : text + ": " + cause;
    }

    private static String describe(Throwable t) {
        return t instanceof MqttException m ? describe(m) : String.valueOf(t);
    }

    /** A registered subscription; also its Paho listener (kept inside this package). */
    private record Subscription(String filter, int qos, InboundHandler handler) implements IMqttMessageListener {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                handler.onMessage(new InboundMessage(topic, message.getPayload(), message.getQos(),
                        message.isRetained()));
            } catch (RuntimeException e) {
                // Paho drops the whole connection when a listener throws; one bad handler must not do that.
                log.error("inbound handler for '{}' failed on topic {}", filter, topic, e);
            }
        }
    }

    /** Completion of each publish, on Paho's callback thread: only bookkeeping, then wake the supervisor. */
    private final class DeliveryListener implements IMqttActionListener {
        @Override
        public void onSuccess(IMqttToken token) {
            OutboundQueues.Sent sent = (OutboundQueues.Sent) token.getUserContext();
            boolean counted;
            lock.lock();
            try {
                counted = queues.acknowledged(sent);
                // Only when the supervisor has something to do: queued messages that waited for the window, or
                // a close waiting for the last acknowledgements. Otherwise it sleeps on.
                if (queues.hasWork() || closing) {
                    changed.signal();
                }
            } finally {
                lock.unlock();
            }
            if (counted && sent.onAcknowledged != null) {
                try {
                    sent.onAcknowledged.run();
                } catch (RuntimeException e) {
                    log.error("acknowledgement callback failed for {}", sent.message.topic(), e);
                }
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            lock.lock();
            try {
                if (queues.failed((OutboundQueues.Sent) token.getUserContext()) && lossReason == null) {
                    lossReason = "delivery failed: " + describe(exception);
                }
                changed.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Paho's report of a lost connection, on one of Paho's threads. */
    private final class LossCallback implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            lock.lock();
            try {
                if (lossReason == null) {
                    lossReason = describe(cause);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Every subscription has its own listener; nothing else is subscribed.
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Completion is tracked per publish by DeliveryListener.
        }
    }
}
