package io.podctl.controller.mqtt.sparkplug;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podctl.controller.commands.CommandReply;
import io.podctl.controller.events.PodEvent;
import io.podctl.controller.journal.EventJournal;
import io.podctl.controller.journal.JournalStatus;
import io.podctl.controller.mqtt.HandOffPublisher;
import io.podctl.controller.mqtt.MqttLink;
import io.podctl.controller.mqtt.OutboundMessage;
import io.podctl.controller.mqtt.PublisherSources;
import io.podctl.controller.mqtt.ReportByException;
import io.podctl.controller.mqtt.TextChanges;
import io.podctl.controller.mqtt.sparkplug.internal.SparkplugPayload;
import io.podctl.controller.mqtt.sparkplug.internal.SparkplugPayload.Metric;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.state.PodStateView;
import io.podctl.hal.Clock;
import io.podctl.hal.clock.ClockSync;
import io.podctl.sensors.DeviceHealth;
import io.podctl.sensors.DeviceStatus;
import io.podctl.sensors.Quality;
import io.podctl.sensors.Snapshot;
import io.podctl.sensors.TextSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sparkplug B 3.0 publishing profile: the same loop, journal and report by exception as the podctl profile,
 * encoded as Sparkplug protobuf payloads under {@code spBv1.0/{group}/...}.
 *
 * <ul>
 *   <li>The pod is the edge node {@code {node}}; each Modbus device is a device; GPIO inputs, the pod's state,
 *       alarms, events and command replies are node metrics.</li>
 *   <li>On every connection (and on a rebirth): NBIRTH (seq 0, {@code bdSeq}, {@code Node Control/Rebirth}, every
 *       node metric) then a DBIRTH per device that is not OFFLINE, each listing every metric with its value.</li>
 *   <li>Then NDATA/DDATA with changed metrics only (report by exception, the points' deadbands and maximum
 *       silence); a device that goes OFFLINE gets a DDEATH, and a DBIRTH when it returns.</li>
 *   <li>NDEATH is the MQTT Will, with the {@code bdSeq} of that connection ({@link BdSeqStore}); an orderly stop
 *       publishes it too.</li>
 *   <li>{@code seq} runs 0..255 and wraps, over every message of the node except NDEATH.</li>
 *   <li>Point metrics carry the property {@code Quality}: 192 GOOD, 500 STALE, 0 BAD (every other quality);
 *       a value that is not GOOD is published as {@code is_null}. Text points (serial numbers, firmware versions)
 *       are String metrics of their device, in its DBIRTH and in a DDATA when the text or its quality changes.</li>
 *   <li>Events come from the journal as the node metric {@code Event} (String, the podctl event JSON) at their
 *       own time, with {@code is_historical} on replays.</li>
 * </ul>
 *
 * <p>Every message is published at QoS 1 in the link's reliable FIFO, so that the wire order is the {@code seq}
 * order (the link sends its reliable queue before the rest). Nothing is published while the connection is down
 * or before this session's NBIRTH: data then waits in the report-by-exception state and events in the journal.
 *
 * <p>Threading: the observer methods hand off ({@link HandOffPublisher}); publishing happens on the
 * {@code sparkplug-publisher} thread; {@link #journalSender()} is called on the journal's thread and only queues.
 */
public final class SparkplugPublisher extends HandOffPublisher {
    private static final Logger log = LoggerFactory.getLogger(SparkplugPublisher.class);
    private static final String NAMESPACE = "spBv1.0";
    /** Bound of the journal-to-publisher event queue and of the reply queue. */
    private static final int QUEUE_CAPACITY = 1024;

    private final MqttLink link;
    private final String group;
    private final String node;
    private final List<String> deviceIds;
    private final BdSeqStore bdSeq;
    private final EventJournal journal;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    private final ArrayBlockingQueue<Journaled> events = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong refused = new AtomicLong();
    private final AtomicBoolean needBirth = new AtomicBoolean();
    private volatile boolean born;

    // Publisher-thread state.
    private final ReportByException rbe;
    private final TextChanges texts;
    private Snapshot work;
    private int seq;
    private PodStateView lastState;
    private List<AlarmView> lastAlarms = List.of();
    private final Map<String, Metric> lastNodeMetrics = new HashMap<>();
    private final Map<String, DeviceHealth> deviceHealth = new HashMap<>();
    private int[] pointDevice; // index into deviceIds, or -1 for a node metric

    private record Journaled(PodEvent event, boolean historical, Runnable onAcknowledged) {
    }

    /**
     * The Sparkplug edge node this publisher speaks for.
     *
     * @param group     Sparkplug group id
     * @param node      edge node id (the pod id)
     * @param deviceIds the Modbus devices; a point {@code {device}.{id}} is metric {@code id} of that device
     * @param bdSeq     the persisted birth/death sequence; the link's Will must come from {@link #will()}
     */
    public record EdgeNode(String group, String node, List<String> deviceIds, BdSeqStore bdSeq) {
        public EdgeNode {
            deviceIds = List.copyOf(deviceIds);
        }
    }

    /**
     * @param sources where events are offered (a journal is required; the runtime starts it with
     *                {@link #journalSender()}), report by exception per point, and the text points (each
     *                {@code {device}.{id}}, published as String metrics of their devices)
     */
    public SparkplugPublisher(MqttLink link, EdgeNode edge, PublisherSources sources, Clock clock) {
        super("sparkplug-publisher", QUEUE_CAPACITY);
        this.texts = sources.texts();
        this.link = link;
        this.group = edge.group();
        this.node = edge.node();
        this.deviceIds = edge.deviceIds();
        this.bdSeq = edge.bdSeq();
        this.journal = Objects.requireNonNull(sources.journal(), "a Sparkplug publisher needs the event journal");
        this.rbe = new ReportByException(sources.policies());
        this.clock = clock;
    }

    /** {@code spBv1.0/{group}/{type}/{node}}. */
    public static String nodeTopic(String group, String type, String node) {
        return NAMESPACE + "/" + group + "/" + type + "/" + node;
    }

    /**
     * The Will for the next connection attempt: NDEATH with a new {@code bdSeq} (persisted). Called by the link
     * before each attempt ({@code LinkSettings.willSupplier}).
     */
    public OutboundMessage will() {
        return death(group, node, bdSeq.next(), clock);
    }

    /**
     * The Will supplier for the link, before the publisher exists (the publisher needs the link): each call
     * takes the next {@code bdSeq} from {@code bdSeq}.
     */
    public static Supplier<OutboundMessage> willSupplier(String group, String node,
                                                                           BdSeqStore bdSeq, Clock clock) {
        return () -> death(group, node, bdSeq.next(), clock);
    }

    private static OutboundMessage death(String group, String node, int bd, Clock clock) {
        byte[] payload = SparkplugPayload.encode(clock.now().toEpochMilli(), -1,
                List.of(new Metric("bdSeq", 0, SparkplugPayload.INT64, false, (long) bd, null)));
        return new OutboundMessage(nodeTopic(group, "NDEATH", node), payload, 1, false,
                OutboundMessage.Delivery.RELIABLE);
    }

    /** NDEATH with the current connection's {@code bdSeq}, sent last on an orderly stop. */
    @Override
    public OutboundMessage offlineMessage() {
        return death(group, node, Math.max(bdSeq.current(), 0), clock);
    }

    @Override
    public EventJournal.Sender journalSender() {
        return new EventJournal.Sender() {
            @Override
            public boolean connected() {
                return born && link.status().connected();
            }

            @Override
            public boolean send(PodEvent event, boolean historical, Runnable onAcknowledged) {
                boolean queued = events.offer(new Journaled(event, historical, onAcknowledged));
                wake();
                return queued;
            }
        };
    }

    // ---- observers: hand-off only (state, alarms, snapshot, replies: HandOffPublisher)

    @Override
    public void onEvent(PodEvent event) {
        journal.offer(event);
    }

    @Override
    public void onRebirth() {
        needBirth.set(true);
        wake();
    }

    @Override
    public void onConnected(String brokerUri) {
        born = false;
        needBirth.set(true);
        wake();
    }

    @Override
    public void onDisconnected(String reason) {
        born = false;
    }

    // ---- publisher thread

    @Override
    protected void publishPending() {
        PodStateView state = takeState();
        if (state != null) {
            lastState = state;
        }
        List<AlarmView> alarms = takeAlarms();
        if (alarms != null) {
            lastAlarms = alarms;
        }
        boolean fresh = takeFreshSnapshot();
        if (!link.status().connected()) {
            born = false;
            return; // data waits in the report-by-exception state, events in the journal
        }
        if (needBirth.getAndSet(false) || !born) {
            if (work == null || lastState == null) {
                needBirth.set(true); // nothing to describe yet: born on the first cycle
                return;
            }
            births();
            return;
        }
        Journaled e;
        while ((e = events.poll()) != null) {
            long t = e.event().time().toEpochMilli();
            publish("NDATA", null, List.of(new Metric("Event", t, SparkplugPayload.STRING, e.historical(),
                    eventJson(e.event(), e.historical()), null)), e.onAcknowledged());
        }
        CommandReply r;
        while ((r = pollReply()) != null) {
            publish("NDATA", null, List.of(new Metric("Command Reply", r.time().toEpochMilli(),
                    SparkplugPayload.STRING, false, replyJson(r), null)), null);
        }
        if (state != null) {
            deviceTransitions();
        }
        List<Metric> changed = new ArrayList<>();
        for (Metric m : nodeMetrics()) {
            if (!Objects.equals(lastNodeMetrics.get(m.name()), m)) {
                changed.add(m);
                lastNodeMetrics.put(m.name(), m);
            }
        }
        Map<Integer, List<Metric>> perDevice = new LinkedHashMap<>();
        if (fresh) {
            for (int i = 0; i < work.size(); i++) {
                if (!rbe.due(work, i, false)) {
                    continue;
                }
                int d = pointDevice[i];
                if (d < 0) {
                    changed.add(pointMetric(i));
                } else if (deviceHealth.get(deviceIds.get(d)) != DeviceHealth.OFFLINE) {
                    perDevice.computeIfAbsent(d, k -> new ArrayList<>()).add(pointMetric(i));
                }
            }
        }
        for (TextChanges.Due t : texts.due(false)) {
            int d = deviceOf(t.point().id());
            // An OFFLINE device's text is sent in its DBIRTH when it returns.
            if (d >= 0 && deviceHealth.get(deviceIds.get(d)) != DeviceHealth.OFFLINE) {
                perDevice.computeIfAbsent(d, k -> new ArrayList<>()).add(textMetric(d, t));
            }
        }
        for (Map.Entry<Integer, List<Metric>> en : perDevice.entrySet()) {
            publish("DDATA", deviceIds.get(en.getKey()), en.getValue(), null);
        }
        if (!changed.isEmpty()) {
            publish("NDATA", null, changed, null);
        }
    }

    /** Takes a snapshot handed off since the last pass into {@link #work}; false when there is none. */
    private boolean takeFreshSnapshot() {
        Snapshot s = takeSnapshot(false);
        if (s == null) {
            return false;
        }
        work = s;
        if (pointDevice == null) {
            pointDevice = new int[work.size()];
            for (int i = 0; i < work.size(); i++) {
                pointDevice[i] = deviceOf(work.descriptor(i).id());
            }
        }
        return true;
    }

    private int deviceOf(String pointId) {
        for (int d = 0; d < deviceIds.size(); d++) {
            if (pointId.startsWith(deviceIds.get(d) + ".")) {
                return d;
            }
        }
        return -1;
    }

    /** NBIRTH and every DBIRTH, with every metric's current value. */
    private void births() {
        seq = 0;
        int bd = Math.max(bdSeq.current(), 0);
        List<Metric> nodeMetrics = new ArrayList<>();
        nodeMetrics.add(new Metric("bdSeq", 0, SparkplugPayload.INT64, false, (long) bd, null));
        nodeMetrics.add(new Metric("Node Control/Rebirth", 0, SparkplugPayload.BOOLEAN, false, false, null));
        lastNodeMetrics.clear();
        for (Metric m : nodeMetrics()) {
            nodeMetrics.add(m);
            lastNodeMetrics.put(m.name(), m);
        }
        nodeMetrics.add(new Metric("Event", 0, SparkplugPayload.STRING, false, null, null));
        nodeMetrics.add(new Metric("Command Reply", 0, SparkplugPayload.STRING, false, null, null));
        for (int i = 0; i < work.size(); i++) {
            rbe.due(work, i, true); // everything in a birth counts as published
            if (pointDevice[i] < 0) {
                nodeMetrics.add(pointMetric(i));
            }
        }
        publish("NBIRTH", null, nodeMetrics, null);
        deviceHealth.clear();
        for (DeviceStatus d : lastState.devices()) {
            deviceHealth.put(d.deviceId(), d.health());
        }
        for (int d = 0; d < deviceIds.size(); d++) {
            if (deviceHealth.get(deviceIds.get(d)) != DeviceHealth.OFFLINE) {
                publish("DBIRTH", deviceIds.get(d), deviceMetrics(d), null);
            }
        }
        born = true;
        log.info("Sparkplug births published for {}/{} (bdSeq {})", group, node, bd);
    }

    /** Every metric of device {@code d}, values and text, for its DBIRTH; the text counts as published. */
    private List<Metric> deviceMetrics(int d) {
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            if (pointDevice[i] == d) {
                metrics.add(pointMetric(i));
            }
        }
        for (TextChanges.Due t : texts.all(p -> deviceOf(p.id()) == d)) {
            metrics.add(textMetric(d, t));
        }
        return metrics;
    }

    /** A text point of device {@code d} as a String metric, null unless GOOD, with its quality. */
    private Metric textMetric(int d, TextChanges.Due t) {
        TextSample s = t.sample();
        return new Metric(t.point().id().substring(deviceIds.get(d).length() + 1), s.received() ? s.wallMillis() : 0,
                SparkplugPayload.STRING, false, s.text(), sparkplugQuality(s.quality()));
    }

    /** DDEATH for a device that went OFFLINE, DBIRTH for one that came back. */
    private void deviceTransitions() {
        for (DeviceStatus d : lastState.devices()) {
            int index = deviceIds.indexOf(d.deviceId());
            if (index < 0) {
                continue;
            }
            DeviceHealth before = deviceHealth.put(d.deviceId(), d.health());
            if (d.health() == DeviceHealth.OFFLINE && before != DeviceHealth.OFFLINE) {
                publish("DDEATH", d.deviceId(), List.of(), null);
            } else if (d.health() != DeviceHealth.OFFLINE && before == DeviceHealth.OFFLINE && work != null) {
                for (int i = 0; i < work.size(); i++) {
                    if (pointDevice[i] == index) {
                        rbe.due(work, i, true);
                    }
                }
                publish("DBIRTH", d.deviceId(), deviceMetrics(index), null);
            }
        }
    }

    private Metric pointMetric(int i) {
        Quality q = work.quality(i);
        String id = work.descriptor(i).id();
        int d = pointDevice[i];
        String name = d < 0 ? "Inputs/" + id : id.substring(deviceIds.get(d).length() + 1);
        boolean digital = work.descriptor(i).digital();
        Object value = q == Quality.GOOD ? (digital ? (Object) (work.goodValue(i) != 0) : work.goodValue(i)) : null;
        long ts = work.received(i) ? work.wallMillis(i) : 0;
        return new Metric(name, ts, digital ? SparkplugPayload.BOOLEAN : SparkplugPayload.DOUBLE, false, value,
                sparkplugQuality(q));
    }

    private static int sparkplugQuality(Quality q) {
        return switch (q) {
            case GOOD -> SparkplugPayload.QUALITY_GOOD;
            case STALE -> SparkplugPayload.QUALITY_STALE;
            default -> SparkplugPayload.QUALITY_BAD;
        };
    }

    /** The node's state metrics (not the points), from the last state and alarms. */
    private List<Metric> nodeMetrics() {
        List<Metric> m = new ArrayList<>();
        PodStateView s = lastState;
        if (s != null) {
            m.add(new Metric("Pod/Mode", 0, SparkplugPayload.STRING, false, s.mode().name(), null));
            m.add(new Metric("Pod/Mode Reason", 0, SparkplugPayload.STRING, false, s.modeReason(), null));
            m.add(new Metric("Pod/Safety Inputs Good", 0, SparkplugPayload.BOOLEAN, false, s.safetyInputsGood(),
                    null));
            m.add(new Metric("Pod/Trips", 0, SparkplugPayload.STRING, false,
                    String.join(",", s.trips().stream().map(t -> t.id()).toList()), null));
            m.add(new Metric("Loop/Overruns", 0, SparkplugPayload.INT64, false, s.loop().overruns(), null));
            m.add(new Metric("Loop/Max Lateness Us", 0, SparkplugPayload.INT64, false, s.loop().maxLatenessMicros(),
                    null));
            if (s.clock() != null) { // null (is_null) while the state cannot be read
                m.add(new Metric("Clock/Synchronized", 0, SparkplugPayload.BOOLEAN, false,
                        s.clock().state() == ClockSync.State.UNKNOWN ? null : s.clock().isSynchronized(), null));
            }
            for (DeviceStatus d : s.devices()) {
                m.add(new Metric("Devices/" + d.deviceId() + "/Health", 0, SparkplugPayload.STRING, false,
                        d.health().name(), null));
            }
        }
        for (AlarmView a : lastAlarms) {
            m.add(new Metric("Alarms/" + a.id(), 0, SparkplugPayload.STRING, false, a.state().name(), null));
        }
        JournalStatus j = journal.status();
        m.add(new Metric("Publisher/Telemetry Dropped", 0, SparkplugPayload.INT64, false,
                link.status().telemetryDropped() + refused.get(), null));
        m.add(new Metric("Publisher/Journal Full", 0, SparkplugPayload.BOOLEAN, false, j.full(), null));
        m.add(new Metric("Publisher/Journal Dropped", 0, SparkplugPayload.INT64, false, j.dropped(), null));
        return m;
    }

    private void publish(String type, String device, List<Metric> metrics, Runnable onAcknowledged) {
        String topic = device == null ? nodeTopic(group, type, node) : nodeTopic(group, type, node) + "/" + device;
        byte[] payload = SparkplugPayload.encode(clock.now().toEpochMilli(), seq, metrics);
        seq = (seq + 1) & 0xFF;
        OutboundMessage m = new OutboundMessage(topic, payload, 1, false, OutboundMessage.Delivery.RELIABLE);
        if (!link.publish(m, onAcknowledged)) {
            // The reliable queue is full (a frozen broker): this message is lost and a host sees the seq gap and
            // asks for a rebirth. Events are not lost: their journal entry stays until acknowledged.
            refused.incrementAndGet();
            born = false;
            needBirth.set(true);
        }
    }

    private String eventJson(PodEvent e, boolean historical) {
        ObjectNode n = json.createObjectNode();
        n.put("seq", e.seq());
        n.put("historical", historical);
        n.put("time", e.time().toString());
        n.put("type", e.type());
        n.put("source", e.source());
        n.put("severity", e.severity());
        n.put("message", e.message());
        ObjectNode d = n.putObject("details");
        e.details().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(en -> d.put(en.getKey(),
                en.getValue()));
        return n.toString();
    }

    private String replyJson(CommandReply r) {
        ObjectNode n = json.createObjectNode();
        n.put("id", r.id());
        n.put("ok", r.ok());
        n.put("code", r.code().name());
        n.put("message", r.message());
        n.put("command", r.command());
        n.put("identity", r.identity());
        n.put("time", r.time().toString());
        return n.toString();
    }
}
