package io.podctl.controller.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podctl.controller.commands.CommandReply;
import io.podctl.controller.events.PodEvent;
import io.podctl.controller.journal.EventJournal;
import io.podctl.controller.journal.JournalStatus;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.safety.Exemption;
import io.podctl.controller.safety.TripView;
import io.podctl.controller.state.OutputView;
import io.podctl.controller.state.PodObserver;
import io.podctl.controller.state.PodStateView;
import io.podctl.controller.state.PowerLimit;
import io.podctl.hal.Clock;
import io.podctl.hal.clock.ClockSync;
import io.podctl.sensors.DeviceStatus;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import io.podctl.sensors.TextSample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The podctl MQTT topic contract (docs/mqtt.md) on top of an {@link MqttLink}: status, state, points, alarms,
 * events and command replies under one topic root, as UTF-8 JSON with ISO-8601 UTC timestamps.
 *
 * <p>Threading: the {@link PodObserver} methods are called by the loop thread (and replies by the MQTT
 * thread); they only copy into bounded hand-off slots ({@link HandOffPublisher}) and return. Encoding and
 * publishing happen on this publisher's own daemon thread {@code mqtt-publisher}; points, once
 * {@link #followBoard} was called, on the {@link PointTelemetry} thread as soon as they change on the sample
 * board (otherwise from the loop's snapshot); journaled events are encoded
 * on the journal's writer thread ({@link #journalSender()}). Overflow policy: the latest state, alarms and
 * snapshot replace older ones (only the newest matters); points go to the link's bounded telemetry queue (drop-oldest, counted); events go
 * to the {@link EventJournal} (on disk before they are sent, never dropped while it has room; see its policies)
 * or, without a journal, to a bounded queue counted when it overflows; replies go to a bounded queue (counted).
 */
public final class PodPublisher extends HandOffPublisher {
    private static final Logger log = LoggerFactory.getLogger(PodPublisher.class);
    /**
     * Version of the JSON contract, published in the status payload. 2: events carry {@code historical}; points
     * are reported by exception with deadbands and a maximum silence; the state's {@code publisher} section
     * reports the journal. 3: text points (serial numbers, firmware versions) are published too, their
     * {@code v} a JSON string.
     */
    public static final int CONTRACT_VERSION = 3;

    private final MqttLink link;
    private final String root;
    private final ObjectMapper json = new ObjectMapper();
    /** Point messages from the loop's snapshot (publisher thread). */
    private final PointJson snapshotPoints;
    /** Point messages of the board telemetry (its thread). */
    private final PointJson boardPoints;
    private volatile StatusInfo statusInfo;

    private final ArrayBlockingQueue<PodEvent> events;
    private final AtomicLong eventsDropped = new AtomicLong();
    private final AtomicBoolean rebirth = new AtomicBoolean();
    private final EventJournal journal;
    private final ReportByException rbe;
    private final List<PublishPolicy> policies;
    private final TextChanges texts;
    /** Publishes the points when they change on the board; null: from the loop's snapshot instead. */
    private PointTelemetry telemetry;

    // Publisher-thread state: what was last published, to report by exception.
    private final Map<String, String> lastAlarmPayload = new HashMap<>();
    private PodStateView lastState;
    private String lastDerate = "";
    private List<AlarmView> lastAlarms = List.of();

    /**
     * Describes this controller in the status topic.
     *
     * @param version    software version
     * @param configHash SHA-256 of the configuration file
     * @param startedAt  when the process started
     * @param stateInterval the state is published at least this often (consumers judge its staleness by it), or
     *                      null when not announced
     */
    public record StatusInfo(String version, String configHash, Instant startedAt, Duration stateInterval) {
        /** Without the state interval. */
        public StatusInfo(String version, String configHash, Instant startedAt) {
            this(version, configHash, startedAt, null);
        }
    }

    /**
     * Where this publisher publishes and what it announces.
     *
     * @param topicRoot     resolved topic root, e.g. {@code podctl/lab/pod1}
     * @param statusInfo    what the status topic says of this controller
     * @param eventCapacity bound of the reply hand-off queue (and of the event queue when there is no journal)
     */
    public record Topics(String topicRoot, StatusInfo statusInfo, int eventCapacity) {
    }

    /**
     * @param sources the journal (then started with {@link #journalSender()}), point policies and text points
     */
    public PodPublisher(MqttLink link, Topics topics, PublisherSources sources) {
        super("mqtt-publisher", topics.eventCapacity());
        this.texts = sources.texts();
        this.link = link;
        this.root = topics.topicRoot();
        this.snapshotPoints = new PointJson(root, json);
        this.boardPoints = new PointJson(root, json);
        this.statusInfo = topics.statusInfo();
        this.events = new ArrayBlockingQueue<>(topics.eventCapacity());
        this.journal = sources.journal();
        this.rbe = new ReportByException(sources.policies());
        this.policies = sources.policies();
    }

    /**
     * Publishes the points from {@code board} as soon as they change ({@link PointTelemetry}, on its own
     * thread) instead of from the loop's snapshot at the loop's period. Call once, before {@link #start()}.
     *
     * @param clock        monotonic time for staleness and maxSilence
     * @param scanInterval longest time between two telemetry passes without a change (staleness, maxSilence)
     * @return this publisher
     */
    public PodPublisher followBoard(SampleBoard board, Clock clock, Duration scanInterval) {
        if (telemetry != null) {
            throw new IllegalStateException("already following a board");
        }
        telemetry = new PointTelemetry(board, policies, (s, i, all) -> publishPoint(boardPoints, s, i, all), clock,
                scanInterval);
        return this;
    }

    /** The board telemetry, when {@link #followBoard} was called; null otherwise. */
    public PointTelemetry telemetry() {
        return telemetry;
    }

    @Override
    protected void afterStart() {
        if (telemetry != null) {
            telemetry.start();
        }
    }

    /**
     * What the journal sends through: the event JSON on {@code {root}/events} at QoS 1, with the
     * acknowledgement reported back. Called on the journal's writer thread.
     */
    @Override
    public EventJournal.Sender journalSender() {
        return new EventJournal.Sender() {
            @Override
            public boolean connected() {
                return link.status().connected();
            }

            @Override
            public boolean send(PodEvent event, boolean historical, Runnable onAcknowledged) {
                return link.publish(new OutboundMessage(root + "/events", eventJson(event, historical), 1, false,
                        OutboundMessage.Delivery.RELIABLE), onAcknowledged);
            }
        };
    }

    /** A reloaded configuration: the status topic is published again with its hash. Any thread. */
    @Override
    public void updateConfigHash(String configHash) {
        statusInfo = new StatusInfo(statusInfo.version(), configHash, statusInfo.startedAt(),
                statusInfo.stateInterval());
        rebirth.set(true);
        wake();
    }

    /** A reloaded state interval: the status topic is published again with it. Any thread. */
    @Override
    public void updateStateInterval(Duration stateInterval) {
        statusInfo = new StatusInfo(statusInfo.version(), statusInfo.configHash(), statusInfo.startedAt(),
                stateInterval);
        rebirth.set(true);
        wake();
    }

    /** The status topic; its Will payload is {@link #offlinePayload()}. */
    public String statusTopic() {
        return root + "/status";
    }

    /** The retained payload that says the controller is gone. */
    public static byte[] offlinePayload() {
        return "{\"online\":false}".getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The retained status of a controller that could not start: offline, and why, so that a console shows why the
     * pod is down rather than only that it is.
     *
     * @param reason one line naming what is missing and the remedy
     */
    public static byte[] failedStartPayload(String version, String configHash, String reason, Instant time) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("online", false);
        n.put("reason", reason);
        n.put("version", version);
        n.put("contract", CONTRACT_VERSION);
        n.put("configHash", configHash);
        n.put("time", time.toString());
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The Will the link should register. */
    public OutboundMessage will() {
        return new OutboundMessage(statusTopic(), offlinePayload(), 1, true, OutboundMessage.Delivery.LATEST);
    }

    /** The orderly "offline" message to send on shutdown. */
    @Override
    public OutboundMessage offlineMessage() {
        return new OutboundMessage(statusTopic(), offlinePayload(), 1, true, OutboundMessage.Delivery.RELIABLE);
    }

    // ---- PodObserver: loop thread, hand-off only (state, alarms, snapshot, replies: HandOffPublisher) ----

    @Override
    public void onEvent(PodEvent event) {
        if (journal != null) {
            journal.offer(event); // journaled, then sent by the journal's writer; refusals are counted there
            return;
        }
        if (!events.offer(event)) {
            long n = eventsDropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                log.error("event queue full: {} events not published (they are in the log)", n);
            }
        }
        wake();
    }

    @Override
    public void onRebirth() {
        rebirth.set(true);
        wake();
    }

    // ---- ConnectionListener: link thread ----

    @Override
    public void onConnected(String brokerUri) {
        // Retained topics may have been lost with a broker restart: publish them all again.
        rebirth.set(true);
        wake();
    }

    // ---- publisher thread ----

    @Override
    protected void publishPending() {
        boolean all = rebirth.getAndSet(false);
        if (all) {
            publishStatus();
        }
        PodEvent e;
        while ((e = events.poll()) != null) {
            send(root + "/events", eventJson(e, false), OutboundMessage.Delivery.RELIABLE, false);
        }
        CommandReply r;
        while ((r = pollReply()) != null) {
            send(root + "/replies", replyJson(r), OutboundMessage.Delivery.RELIABLE, false);
        }
        List<AlarmView> alarms = takeAlarms();
        if (alarms != null) {
            lastAlarms = alarms;
        }
        if (alarms != null || all) {
            for (AlarmView a : lastAlarms) {
                byte[] payload = alarmJson(a);
                String key = a.id();
                String text = new String(payload, StandardCharsets.UTF_8);
                if (all || !text.equals(lastAlarmPayload.get(key))) {
                    lastAlarmPayload.put(key, text);
                    send(root + "/alarms/" + a.id(), payload, OutboundMessage.Delivery.LATEST, true);
                }
            }
        }
        PodStateView state = takeState();
        if (state != null) {
            lastState = state;
        }
        if ((state != null || all) && lastState != null) {
            send(root + "/state", stateJson(lastState), OutboundMessage.Delivery.LATEST, true);
            publishDerate(lastState, all);
        }
        if (telemetry == null) {
            publishPoints(all);
        } else if (all) {
            telemetry.republishAll();
        }
        publishTexts(all);
    }

    /**
     * Text points on {@code {root}/points/{id}} like any point, {@code v} the text (null unless GOOD), retained,
     * when the text or its quality changes and on rebirth. LATEST: rare, and never dropped.
     */
    private void publishTexts(boolean all) {
        for (TextChanges.Due t : texts.due(all)) {
            TextSample s = t.sample();
            ObjectNode n = pointNode(t.point(), s.quality(), s.received(), s.wallMillis());
            if (s.text() != null) {
                n.put("v", s.text());
            }
            send(root + "/points/" + t.point().id(), bytes(n), OutboundMessage.Delivery.LATEST, true);
        }
    }

    /** A point's payload with {@code v} null (set it for a GOOD value), its unit, quality and time. */
    private ObjectNode pointNode(PointDescriptor d, Quality q, boolean received, long wallMillis) {
        ObjectNode n = json.createObjectNode();
        n.putNull("v"); // a bad sample never becomes a value
        n.put("u", d.unit());
        n.put("q", q.name());
        n.put("ts", received ? Instant.ofEpochMilli(wallMillis).toString() : null);
        return n;
    }

    /**
     * {@code {root}/derate}: what the workload scheduler may still place on the pod — the power available now, every
     * limit behind it with its reason, the shed racks — retained, sent when the available power, the limiting
     * source, the set of limits or the shed racks change (and on rebirth). A null {@code availableKw} means nothing
     * limits the pod.
     */
    private void publishDerate(PodStateView s, boolean all) {
        double kw = kw(s.availablePowerW());
        PowerLimit binding = null;
        StringBuilder key = new StringBuilder().append(kw).append('|').append(s.shedRacks());
        for (PowerLimit l : s.powerLimits()) {
            key.append('|').append(l.source()).append(l.known() ? "" : "?");
            if (l.known() && (binding == null || l.limitW() < binding.limitW())) {
                binding = l;
            }
        }
        if (!all && key.toString().equals(lastDerate)) {
            return;
        }
        lastDerate = key.toString();
        ObjectNode n = json.createObjectNode();
        putNumberOrNull(n, "availableKw", kw);
        n.put("limitedBy", binding == null ? null : binding.source());
        ArrayNode limits = n.putArray("limits");
        ArrayNode effects = n.putArray("effects");
        for (PowerLimit l : s.powerLimits()) {
            ObjectNode ln = limits.addObject();
            ln.put("source", l.source());
            ln.put("kind", l.kind().name().toLowerCase(Locale.ROOT));
            putNumberOrNull(ln, "limitKw", kw(l.limitW()));
            ln.put("description", l.description());
            if (l.kind() == PowerLimit.Kind.EFFECT) {
                effects.add(l.source());
            }
        }
        ArrayNode shed = n.putArray("shedRacks");
        s.shedRacks().forEach(shed::add);
        n.put("time", s.time().toString());
        send(root + "/derate", bytes(n), OutboundMessage.Delivery.LATEST, true);
    }

    /** Watts as kW with one decimal; NaN for an unknown or unlimited figure. */
    private static double kw(double watts) {
        return Double.isFinite(watts) ? Math.round(watts / 100.0) / 10.0 : Double.NaN;
    }

    private static void putNumberOrNull(ObjectNode n, String field, double value) {
        if (Double.isNaN(value)) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    private void publishStatus() {
        ObjectNode n = json.createObjectNode();
        n.put("online", true);
        n.put("version", statusInfo.version());
        n.put("contract", CONTRACT_VERSION);
        n.put("configHash", statusInfo.configHash());
        n.put("startedAt", statusInfo.startedAt().toString());
        if (statusInfo.stateInterval() != null) {
            n.put("stateIntervalMs", statusInfo.stateInterval().toMillis());
        }
        send(statusTopic(), bytes(n), OutboundMessage.Delivery.LATEST, true);
    }

    private void publishPoints(boolean all) {
        Snapshot s = takeSnapshot(all);
        if (s == null) {
            return;
        }
        for (int i = 0; i < s.size(); i++) {
            if (rbe.due(s, i, all)) {
                publishPoint(snapshotPoints, s, i, all);
            }
        }
    }

    /**
     * One point on {@code {root}/points/{id}}, encoded by {@code encoder}: the publisher thread's, or the board
     * telemetry's on its thread.
     */
    private void publishPoint(PointJson encoder, Snapshot s, int i, boolean all) {
        // Changes are telemetry: a bounded drop-oldest queue in the link (drops counted in the state). A
        // rebirth's full set is LATEST: never dropped, and it supersedes older queued telemetry per topic, so
        // the retained value ends current whatever was dropped.
        send(encoder.topic(s, i), encoder.payload(s, i), all ? OutboundMessage.Delivery.LATEST
                : OutboundMessage.Delivery.TELEMETRY, true);
    }

    private void send(String topic, byte[] payload, OutboundMessage.Delivery delivery, boolean retained) {
        int qos = delivery == OutboundMessage.Delivery.RELIABLE ? 1 : (retained ? 1 : 0);
        if (!link.publish(new OutboundMessage(topic, payload, qos, retained, delivery))) {
            log.warn("MQTT link refused a message for {}", topic);
        }
    }

    private byte[] eventJson(PodEvent e, boolean historical) {
        ObjectNode n = json.createObjectNode();
        n.put("seq", e.seq());
        n.put("historical", historical);
        n.put("time", e.time().toString());
        n.put("type", e.type());
        n.put("source", e.source());
        n.put("severity", e.severity());
        n.put("message", e.message());
        if (!e.details().isEmpty()) {
            ObjectNode d = n.putObject("details");
            e.details().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(en -> d.put(en.getKey(), en.getValue()));
        }
        return bytes(n);
    }

    private byte[] replyJson(CommandReply r) {
        ObjectNode n = json.createObjectNode();
        n.put("id", r.id());
        n.put("ok", r.ok());
        n.put("code", r.code().name());
        n.put("message", r.message());
        n.put("command", r.command());
        n.put("identity", r.identity());
        n.put("time", r.time().toString());
        return bytes(n);
    }

    private byte[] alarmJson(AlarmView a) {
        ObjectNode n = json.createObjectNode();
        n.put("id", a.id());
        n.put("state", a.state().name());
        n.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
        n.put("point", a.pointId());
        n.put("message", a.message());
        n.put("description", a.description());
        n.put("since", a.sinceWallMillis() == 0 ? null : Instant.ofEpochMilli(a.sinceWallMillis()).toString());
        exemption(n, "shelved", a.shelved());
        exemption(n, "outOfService", a.outOfService());
        return bytes(n);
    }

    /** {@code {"until", "by", "reason"}} of a shelving or out-of-service, or null when there is none. */
    private static void exemption(ObjectNode n, String key, Exemption e) {
        if (e == null) {
            n.putNull(key);
            return;
        }
        n.putObject(key).put("until", Instant.ofEpochMilli(e.untilWallMillis()).toString()).put("by", e.by())
                .put("reason", e.reason());
    }

    /** The JSON of the state snapshot; public so the status view and tests use the same encoding. */
    public byte[] stateJson(PodStateView s) {
        ObjectNode n = json.createObjectNode();
        n.put("mode", s.mode().name());
        n.put("modeReason", s.modeReason());
        n.put("time", s.time().toString());
        n.put("safetyInputsGood", s.safetyInputsGood());
        ArrayNode trips = n.putArray("trips");
        for (TripView t : s.trips()) {
            ObjectNode tn = trips.addObject();
            tn.put("id", t.id());
            tn.put("cause", t.cause());
            tn.put("latchedAt", t.latchedWallMillis() == 0 ? null : Instant.ofEpochMilli(t.latchedWallMillis()).toString());
            tn.put("firstOut", t.firstOut());
            tn.put("localResetOnly", t.localResetOnly());
            tn.put("conditionActive", t.conditionActive());
        }
        ArrayNode alarms = n.putArray("alarms");
        for (AlarmView a : s.alarms()) {
            ObjectNode an = alarms.addObject();
            an.put("id", a.id());
            an.put("state", a.state().name());
            an.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
            an.put("message", a.message());
        }
        ObjectNode outs = n.putObject("outputs");
        for (OutputView o : s.outputs()) {
            ObjectNode on = outs.putObject(o.id());
            on.put("energized", o.energized());
            on.put("readBack", o.readBack());
        }
        ObjectNode devs = n.putObject("devices");
        for (DeviceStatus d : s.devices()) {
            ObjectNode dn = devs.putObject(d.deviceId());
            dn.put("health", d.health().name());
            dn.put("reason", d.reason());
            dn.put("requests", d.requests());
            dn.put("failures", d.failures());
            dn.put("retries", d.retries());
            dn.put("latencyMs", d.lastLatencyNanos() / 1e6);
            dn.put("timeouts", d.timeouts());
            ObjectNode ex = dn.putObject("exceptions");
            d.exceptions().forEach((code, count) -> ex.put(String.format("%02X", code), count));
            dn.put("discarded", d.discarded());
            dn.put("crcErrors", d.crcErrors());
            dn.put("reconnects", d.reconnects());
            dn.put("maxLatencyMs", d.maxLatencyNanos() / 1e6);
        }
        ObjectNode lp = n.putObject("loop");
        lp.put("periodMs", s.loop().periodMicros() / 1000.0);
        lp.put("cycles", s.loop().cycles());
        lp.put("overruns", s.loop().overruns());
        lp.put("lastCycleUs", s.loop().lastCycleMicros());
        lp.put("p99CycleUs", s.loop().p99CycleMicros());
        lp.put("maxCycleUs", s.loop().maxCycleMicros());
        lp.put("p99LatenessUs", s.loop().p99LatenessMicros());
        lp.put("maxLatenessUs", s.loop().maxLatenessMicros());
        lp.put("slowestPhase", s.loop().slowestPhase());
        if (s.clock() != null) {
            ClockSync c = s.clock();
            ObjectNode cn = n.putObject("clock");
            if (c.state() == ClockSync.State.UNKNOWN) {
                cn.putNull("synchronized");
            } else {
                cn.put("synchronized", c.isSynchronized());
            }
            cn.put("source", c.source());
            putNumberOrNull(cn, "maxErrorMs", c.maxErrorMs());
            putNumberOrNull(cn, "estErrorMs", c.estErrorMs());
            cn.put("detail", c.detail());
        }
        n.put("maintenance", s.maintenance());
        ArrayNode bypasses = n.putArray("bypasses");
        for (Exemption b : s.bypasses()) {
            bypasses.addObject().put("protection", b.target()).put("reason", b.reason()).put("by", b.by())
                    .put("until", Instant.ofEpochMilli(b.untilWallMillis()).toString());
        }
        ArrayNode overrides = n.putArray("overrides");
        for (Exemption o : s.overrides()) {
            overrides.addObject().put("output", o.target()).put("reason", o.reason()).put("by", o.by())
                    .put("until", Instant.ofEpochMilli(o.untilWallMillis()).toString());
        }
        ArrayNode permissives = n.putArray("permissivesProven");
        s.permissives().forEach(permissives::add);
        ArrayNode effects = n.putArray("effectsActive");
        s.effects().forEach(effects::add);
        ObjectNode power = n.putObject("power");
        if (Double.isFinite(s.availablePowerW())) {
            power.put("availableKw", s.availablePowerW() / 1000.0);
        } else {
            power.putNull("availableKw");
        }
        ArrayNode shed = power.putArray("shedRacks");
        s.shedRacks().forEach(shed::add);
        ObjectNode pub = n.putObject("publisher");
        pub.put("eventsDropped", eventsDropped.get());
        pub.put("repliesDropped", repliesDropped());
        LinkStatus ls = link.status();
        pub.put("connected", ls.connected());
        pub.put("telemetryDropped", ls.telemetryDropped());
        pub.put("telemetryQueued", ls.telemetryQueued());
        pub.put("reliablePending", ls.reliablePending());
        pub.put("reliableRefused", ls.reliableRefused());
        if (journal != null) {
            JournalStatus j = journal.status();
            ObjectNode jn = pub.putObject("journal");
            jn.put("full", j.full());
            jn.put("pending", j.pending());
            jn.put("backlog", j.backlog());
            jn.put("lastSeq", j.lastSeq());
            jn.put("acknowledgedSeq", j.acknowledgedSeq());
            jn.put("dropped", j.dropped());
            jn.put("handoffOverflow", j.handoffOverflow());
            jn.put("replayed", j.replayed());
            jn.put("segments", j.segments());
            jn.put("bytes", j.bytes());
            jn.put("writeFailures", j.writeFailures());
            jn.put("meanAppendUs", j.meanFsyncMicros());
            jn.put("maxAppendUs", j.maxFsyncMicros());
        }
        return bytes(n);
    }

    private byte[] bytes(ObjectNode n) {
        try {
            return json.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
    }

    /** Events dropped because the hand-off queue was full. */
    public long eventsDropped() {
        return eventsDropped.get();
    }

    /** On {@link #close()}, once the publisher thread stopped: publishes what is pending, on the closing thread. */
    @Override
    protected void afterStop() {
        if (telemetry != null) {
            telemetry.close();
        }
        try {
            publishPending();
        } catch (RuntimeException e) {
            log.warn("final publish failed", e);
        }
    }
}
