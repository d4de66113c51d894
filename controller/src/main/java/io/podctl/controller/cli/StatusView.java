package io.podctl.controller.cli;

import io.podctl.controller.events.PodEvent;
import io.podctl.controller.mqtt.LinkStatus;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.safety.Exemption;
import io.podctl.controller.safety.TripView;
import io.podctl.controller.state.OutputView;
import io.podctl.controller.state.PodObserver;
import io.podctl.controller.state.PodStateView;
import io.podctl.hal.Clock;
import io.podctl.sensors.DeviceStatus;
import io.podctl.sensors.Quality;
import io.podctl.sensors.Snapshot;
import io.podctl.sensors.TextBoard;
import io.podctl.sensors.TextSample;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A live status view of the pod in the terminal: mode, key values, alarms, trips, outputs, devices with their
 * text points (serial numbers, firmware versions), the latest events. Redrawn in place a few times per second
 * with ANSI escape codes.
 *
 * <p>Threading: the {@link PodObserver} methods are called on the loop thread and only copy; drawing happens
 * on the daemon thread {@code status-view}.
 */
final class StatusView implements PodObserver, AutoCloseable {
    private static final String CLEAR = "\u001b[H\u001b[2J\u001b[3J";
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String DIM = "\u001b[2m";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final String title;
    private final List<String> keyPoints;
    private final Supplier<LinkStatus> link;
    private final Supplier<List<String>> extraLines;
    private final TextBoard texts;
    private final Clock clock;
    private final Deque<PodEvent> events = new ArrayDeque<>();
    private final Object lock = new Object();
    private PodStateView state;
    private Snapshot snapshot;
    private ScheduledExecutorService painter;

    /**
     * What the screen shows besides the pod's state.
     *
     * @param title      the header line
     * @param keyPoints  point ids to show first, in this order (others follow up to the screen budget)
     * @param extraLines additional lines under the header (e.g. the simulator's commands), may return empty
     */
    record Screen(String title, List<String> keyPoints, Supplier<List<String>> extraLines) {
        Screen {
            keyPoints = List.copyOf(keyPoints);
        }
    }

    /**
     * Where the view reads what the observer calls do not bring, when drawing.
     *
     * @param link  the MQTT link's status
     * @param texts the text points, shown under the devices
     * @param clock the clock the pollers stamp the text with, to judge its staleness
     */
    record Sources(Supplier<LinkStatus> link, TextBoard texts, Clock clock) {
    }

    StatusView(PrintStream out, Screen screen, Sources sources) {
        this.out = out;
        this.title = screen.title();
        this.keyPoints = screen.keyPoints();
        this.extraLines = screen.extraLines();
        this.link = sources.link();
        this.texts = sources.texts();
        this.clock = sources.clock();
    }

    @Override
    public void onState(PodStateView s) {
        synchronized (lock) {
            state = s;
        }
    }

    @Override
    public void onEvent(PodEvent e) {
        synchronized (lock) {
            events.addFirst(e);
            while (events.size() > 8) {
                events.removeLast();
            }
        }
    }

    @Override
    public void onSnapshot(Snapshot s) {
        synchronized (lock) {
            if (snapshot == null) {
                snapshot = s.copy();
            } else {
                snapshot.copyFrom(s);
            }
        }
    }

    /** Starts redrawing every {@code periodMillis}. */
    void start(long periodMillis) {
        painter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-view");
            t.setDaemon(true);
            return t;
        });
        painter.scheduleAtFixedRate(() -> {
            out.print(CLEAR + render());
            out.flush();
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** The current screen as text (also used by tests). */
    String render() {
        PodStateView s;
        Snapshot snap;
        List<PodEvent> recent;
        synchronized (lock) {
            s = state;
            snap = snapshot == null ? null : snapshot.copy();
            recent = new ArrayList<>(events);
        }
        StringBuilder b = new StringBuilder();
        b.append(BOLD).append(title).append(RESET).append('\n');
        if (s == null) {
            return b.append("starting...\n").toString();
        }
        LinkStatus ls = link.get();
        b.append("mode ").append(modeColour(s)).append(BOLD).append(s.mode()).append(RESET).append("  ")
                .append(s.modeReason()).append('\n');
        b.append(DIM).append(String.format(Locale.ROOT,
                "loop %.0f ms: cycle p99 %d us, max %d us; start jitter p99 %d us; overruns %d | mqtt %s %s",
                s.loop().periodMicros() / 1000.0, s.loop().p99CycleMicros(), s.loop().maxCycleMicros(),
                s.loop().p99LatenessMicros(), s.loop().overruns(), ls.connected() ? "connected to" : "DISCONNECTED from",
                ls.brokerUri())).append(RESET).append('\n');
        for (String line : extraLines.get()) {
            b.append(line).append('\n');
        }
        b.append('\n').append(BOLD).append("outputs  ").append(RESET);
        for (OutputView o : s.outputs()) {
            b.append(o.energized() ? GREEN + "■ " : DIM + "□ ").append(o.id()).append(RESET).append("  ");
        }
        b.append('\n');
        b.append(BOLD).append("devices  ").append(RESET);
        for (DeviceStatus d : s.devices()) {
            String c = switch (d.health()) {
                case ONLINE -> GREEN;
                case DEGRADED -> YELLOW;
                default -> RED;
            };
            b.append(c).append(d.deviceId()).append(' ').append(d.health()).append(RESET).append("  ");
        }
        b.append('\n');
        appendTexts(b);
        b.append('\n');
        if (snap != null) {
            b.append(BOLD).append("values").append(RESET).append('\n');
            List<Integer> order = new ArrayList<>();
            for (String id : keyPoints) {
                for (int i = 0; i < snap.size(); i++) {
                    if (snap.descriptor(i).id().equals(id)) {
                        order.add(i);
                    }
                }
            }
            int column = 0;
            for (int i : order) {
                b.append(formatPoint(snap, i));
                b.append(++column % 3 == 0 ? "\n" : "  ");
            }
            if (column % 3 != 0) {
                b.append('\n');
            }
            b.append('\n');
        }
        if (!s.maintenance().isEmpty()) {
            b.append(YELLOW).append("maintenance: ").append(s.maintenance()).append(RESET).append('\n');
        }
        for (Exemption e : s.bypasses()) {
            b.append(YELLOW).append("BYPASSED ").append(e.target()).append(" until ")
                    .append(TIME.format(Instant.ofEpochMilli(e.untilWallMillis()))).append(" by ").append(e.by())
                    .append(": ").append(e.reason()).append(RESET).append('\n');
        }
        for (Exemption e : s.overrides()) {
            b.append(YELLOW).append("OVERRIDE ").append(e.target()).append(' ').append(e.reason()).append(RESET)
                    .append('\n');
        }
        if (!s.effects().isEmpty() || !s.shedRacks().isEmpty()) {
            b.append("effects: ").append(String.join(", ", s.effects()));
            if (!s.shedRacks().isEmpty()) {
                b.append("   shed: ").append(String.join(", ", s.shedRacks()));
            }
            if (Double.isFinite(s.availablePowerW())) {
                b.append(String.format(Locale.ROOT, "   available %.0f kW", s.availablePowerW() / 1000));
            }
            b.append('\n');
        }
        b.append(BOLD).append("trips").append(RESET).append('\n');
        if (s.trips().isEmpty()) {
            b.append(DIM).append("  none latched").append(RESET).append('\n');
        }
        for (TripView t : s.trips()) {
            b.append(RED).append("  ").append(t.id()).append(RESET).append(t.firstOut() ? " (first out)" : "")
                    .append(t.localResetOnly() ? " [local reset]" : "")
                    .append(t.conditionActive() ? " [condition active]" : " [resettable]").append(": ")
                    .append(t.cause()).append('\n');
        }
        b.append(BOLD).append("alarms").append(RESET).append('\n');
        if (s.alarms().isEmpty()) {
            b.append(DIM).append("  none").append(RESET).append('\n');
        }
        for (AlarmView a : s.alarms()) {
            String c = a.state().isActive() ? (a.severity().name().equals("TRIP") ? RED : YELLOW) : DIM;
            b.append(c).append("  ").append(a.id()).append(' ').append(a.state()).append(' ')
                    .append(a.severity().name().toLowerCase(Locale.ROOT)).append(RESET).append(": ").append(a.message())
                    .append(a.annunciated() ? "" : DIM + " [" + a.suppression() + "]" + RESET).append('\n');
        }
        b.append('\n').append(BOLD).append("events").append(RESET).append('\n');
        for (PodEvent e : recent) {
            b.append(DIM).append("  #").append(e.seq() % 100_000).append(' ').append(TIME.format(e.time()))
                    .append(RESET).append(' ').append(e.type()).append(' ').append(e.message()).append('\n');
        }
        return b.toString();
    }

    /**
     * One line per device with text points: {@code   cdu  serialNumber SIM-CDU-0001  firmwareVersion 2.4.1}; a
     * text that is not GOOD shows its quality. GOOD text is printable ASCII, so it cannot disturb the terminal.
     */
    private void appendTexts(StringBuilder b) {
        long now = clock.nanoTime();
        String device = null;
        for (int i = 0; i < texts.size(); i++) {
            String id = texts.descriptor(i).id();
            int dot = id.indexOf('.');
            String owner = id.substring(0, dot);
            if (!owner.equals(device)) {
                b.append(device == null ? "" : "\n").append(DIM).append("  ").append(owner).append(RESET);
                device = owner;
            }
            TextSample t = texts.read(i, now);
            b.append("  ").append(id.substring(dot + 1)).append(' ')
                    .append(t.text() != null ? t.text() : RED + t.quality() + RESET);
        }
        if (device != null) {
            b.append('\n');
        }
    }

    private static String modeColour(PodStateView s) {
        return switch (s.mode()) {
            case RUNNING -> GREEN;
            case DEGRADED, STARTING -> YELLOW;
            default -> RED;
        };
    }

    /**
     * One point: its value as MQTT publishes it (the decoder has rounded it to the device's precision, so the
     * shortest text is 34.8 or 0.25, never 34.800000000000004), or its quality.
     */
    static String formatPoint(Snapshot snap, int i) {
        String id = snap.descriptor(i).id();
        Quality q = snap.quality(i);
        String value = q == Quality.GOOD
                ? String.format(Locale.ROOT, "%9s %-5s", Double.toString(snap.goodValue(i)), snap.descriptor(i).unit())
                : String.format(Locale.ROOT, "%15s", q.name());
        String colour = q == Quality.GOOD ? "" : RED;
        return String.format(Locale.ROOT, "  %-22s %s%s%s", id, colour, value, RESET);
    }

    @Override
    public void close() {
        if (painter != null) {
            painter.shutdownNow();
        }
    }
}
