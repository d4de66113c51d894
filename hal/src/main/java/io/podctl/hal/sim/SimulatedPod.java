package io.podctl.hal.sim;

import io.podctl.hal.Clock;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.sim.RegisterMap.WriteRule;
import io.podctl.hal.sim.internal.PodPhysics;
import io.podctl.hal.sim.internal.RegisterImage;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A simulated pod of N racks (default 4), served through the production data paths: a CDU, a feeder meter
 * and one PDU per rack as Modbus TCP devices (one server per device, each on its own port), and the
 * safety inputs and power outputs as GPIO through {@link SimulatedPins} (Pi4J's mock provider). The
 * register maps are listed in {@link SimSignal}; the pins in {@link SimPodSettings.Pins}.
 *
 * <h2>Physics</h2>
 * A lumped model, integrated with explicit Euler in substeps of at most 0.1 s (constants in
 * {@code PodPhysics}):
 * <ul>
 *   <li><b>Rack power</b>: rack i draws {@code P_i = demand_i} while its contactor output is energized and
 *       its hardware has not shut down on over-temperature (coolant at 75 °C; it stays off until the
 *       contactor opens), else 0.</li>
 *   <li><b>Pumps</b>: each pump's speed {@code ω} follows its target (the speed setpoint while commanded on
 *       and not faulted, else 0) with a first-order lag of 1.5 s: {@code dω/dt = (target − ω)/1.5 s}.
 *       Power {@code P_pump = P_rated·(ω/75 %)³} (affinity law; 2 kW at 75 %).</li>
 *   <li><b>Flow</b> {@code F = k·Σω} with k = 4.4 L/min per % (330 L/min for one pump at 75 %);
 *       {@code ΔP = 120 kPa·(F/330 L/min)²}; {@code ṁ = F·ρ/60} kg/s, ρ = 1 kg/L.</li>
 *   <li><b>Rack node</b> (coolant in the cold plates, M_r = 60 kg):
 *       {@code M_r·cp·dT_ret/dt = ΣP_i + ṁ·cp·(T_sup − T_ret)}; in steady state
 *       {@code T_ret = T_sup + ΣP_i/(ṁ·cp)}, cp = 4186 J/(kg·K). With no flow it heats at
 *       {@code ΣP_i/(M_r·cp)} (≈1.3 K/s at 320 kW).</li>
 *   <li><b>Loop node</b> (CDU, reservoir and pipes, M_c = 250 kg):
 *       {@code M_c·cp·dT_sup/dt = ṁ·cp·(T_ret − T_sup) − Q_hx + P_pumps}, with the heat exchanger taking
 *       {@code Q_hx = ε·ṁ·cp·(T_ret − T_fw)}, effectiveness {@code ε = 0.9·v} set by the primary valve
 *       position v ∈ [0,1], T_fw the facility water temperature. Time constant M_c/ṁ ≈ 45 s at 330 L/min.</li>
 *   <li><b>Valve</b>: the CDU's own PI controller holds T_sup at the setpoint: {@code e = T_sup − T_set},
 *       {@code I += 0.004·e·dt} (clamped to [−0.5,0.5]), demand {@code = clamp(v_ff + 0.05·e + I, 0, 1)} with
 *       the feed-forward {@code v_ff = (T_ret − T_set)/(0.9·(T_ret − T_fw))} from the heat coming back, the valve
 *       moving towards it at most 5 %/s. Fault injection can hold it ({@link #setValveStuck}).</li>
 *   <li><b>Primary return</b> {@code T_pr = T_fw + Q_hx/(ṁ_p·cp)} with primary flow {@code ṁ_p = v·400 L/min},
 *       bounded by T_ret.</li>
 *   <li><b>Reservoir</b> starts at 80 % and loses 0.05 %/s per leaking rack; below 40 % the CDU raises
 *       its low-level alarm.</li>
 *   <li><b>Electrical</b>: {@code P_total = ΣP_i + ΣP_pump + 3 kW auxiliaries}, balanced over three phases
 *       at 230 V line-to-neutral (±0.5 V noise) and 50 Hz (±0.02 Hz): per phase {@code P/3} and
 *       {@code I = (P/3)/V_LN}; energy integrates P_total. Each PDU reports V_LL = √3·V_LN (0 while its
 *       contactor is open), line current {@code P_i/(√3·V_LL)}, active power P_i, and outlet 1 as one of 24
 *       equal single-phase loads.</li>
 *   <li><b>Supply sensors</b>: three sensors ({@link SupplySensor} A, B, C at input registers 0, 14, 15) each
 *       report {@code T_sup + b + n}: their own bias b (0 unless drifting, {@link #driftSupplySensor}) and their own
 *       uniform noise n within ±0.1 °C (one register step), drawn every step; a failed sensor
 *       ({@link #failSupplySensor}) reports its transmitter's end of scale instead.</li>
 *   <li><b>Heartbeat</b>: whole simulated seconds, mod 65536.</li>
 *   <li><b>Sensor noise</b>: the CDU's return and primary temperatures (±0.15 °C; the supply sensors have their
 *       own, see above), flow (±1.5 L/min) and differential pressure (±1.5 kPa) and the meter's power readings
 *       (±200 W total) are published with uniform measurement noise,
 *       drawn again at every step, so a reading stuck at one value stands out as on a real pod; flow, pressure
 *       and power read exactly 0 while nothing flows or draws. {@link PlantState} holds the exact values.</li>
 * </ul>
 *
 * <h2>GPIO</h2>
 * Normally-closed loops: a healthy leak or E-stop loop reads HIGH; a leak, a pressed E-stop or a broken
 * wire reads LOW. The local reset button reads HIGH while pressed (a broken wire reads LOW). Outputs are
 * read as energized when HIGH. Each rack contactor has a normally-open auxiliary contact that reads HIGH
 * while the contactor is closed; a contactor can be made to stick ({@link #setContactorStuck}). The hardwired E-stop cut of a real pod is not modelled: the controller's
 * reaction is what the tests observe.
 *
 * <h2>Use</h2>
 * Tests call {@link #step} with chosen time increments; {@code podctl sim} and live demos call
 * {@link #startRealtime}. The poke methods inject conditions and faults; production code never calls
 * them.
 *
 * <p>Threading: every public method is thread-safe. One lock serializes steps, pokes and snapshots; the
 * Modbus servers read register images under their own locks and never wait for a step.
 */
public final class SimulatedPod implements AutoCloseable {
    /** Device id of the CDU. */
    public static final String CDU = "cdu";
    /** Device id of the feeder meter. */
    public static final String METER = "meter";
    /** The CDU's serial number, input registers 100..107 (the pod-cdu profile's serialNumber). */
    public static final String CDU_SERIAL_NUMBER = "PCDU-SIM-0001";
    /** The CDU's firmware version, input registers 108..111 (firmwareVersion). */
    public static final String CDU_FIRMWARE_VERSION = "2.4.1";
    /** The CDU's model, input registers 112..119 (model). */
    public static final String CDU_MODEL = "podctl CDU sim";
    /** First register of the PDU inlet block that the pod does not use (served as 0). */
    static final int PDU_INLET_BLOCK_GAP_START = 0x300C;
    /** Length of that unused stretch, registers. */
    static final int PDU_INLET_BLOCK_GAP_LENGTH = 6;

    private static final Logger log = LoggerFactory.getLogger(SimulatedPod.class);
    private static final List<SimSignal> CDU_INPUTS = signalsOf(SimSignal.Device.CDU, RegisterTable.INPUT_REGISTER);
    private static final List<SimSignal> METER_INPUTS = signalsOf(SimSignal.Device.METER, RegisterTable.INPUT_REGISTER);
    private static final List<SimSignal> PDU_REGISTERS = signalsOf(SimSignal.Device.PDU, RegisterTable.HOLDING_REGISTER);

    private final SimPodSettings settings;
    private final SimulatedPins pins;
    private final Clock clock;
    private final Map<String, Device> devices;
    private final Map<String, ModbusEmulator> servers;
    /** The simulated RS-485 lines by line id (their emulator is in {@code servers} under each of its devices). */
    private final Map<String, VirtualSerialLine> lines = new LinkedHashMap<>();
    private final PodPhysics physics;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean alarmResetWritten = new AtomicBoolean();

    // GPIO-side conditions (leaks live in the physics); guarded by lock
    private boolean estopPressed;
    private boolean localResetPressed;
    private final Set<Integer> brokenWires = new HashSet<>();
    /** Rack number to the state its contactor is stuck in (welded closed or stuck open). */
    private final Map<Integer, Boolean> stuckContactors = new HashMap<>();
    private boolean beaconOn;
    private PlantState lastState;

    private volatile Thread realtimeThread;
    private volatile boolean realtimeRunning;
    private final AtomicLong realtimeOverruns = new AtomicLong();
    private final AtomicLong realtimeFailures = new AtomicLong();
    private volatile boolean closed;

    private record Device(String id, SimSignal.Device kind, EmulatedDevice emulated) {
        RegisterImage image() {
            return emulated.core.image();
        }
    }

    private SimulatedPod(SimPodSettings settings, SimulatedPins pins, Clock clock) {
        this.settings = settings;
        this.pins = pins;
        this.clock = clock;
        this.physics = new PodPhysics(settings.physics(), settings.rackCount());
        this.devices = new LinkedHashMap<>();
        this.servers = new LinkedHashMap<>();
    }

    /**
     * Builds the plant, publishes its initial registers and input levels, and starts one Modbus TCP
     * server per device on {@link SimPodSettings#bindHost()}.
     *
     * @param pins  the plant side of the GPIO the controller uses
     * @param clock the monotonic clock {@link #startRealtime} paces itself by
     * @throws UncheckedIOException when a server cannot bind its port (all started ones are closed)
     */
    public static SimulatedPod start(SimPodSettings settings, SimulatedPins pins, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(pins, "pins");
        Objects.requireNonNull(clock, "clock");
        SimulatedPod pod = new SimulatedPod(settings, pins, clock);
        pod.createDevices();
        pod.lock.lock();
        try {
            pod.publish();
            pod.applyInputLevels();
            pod.lastState = pod.snapshot();
        } finally {
            pod.lock.unlock();
        }
        try {
            pod.startServers();
        } catch (UncheckedIOException e) {
            pod.close();
            throw new UncheckedIOException("simulated pod cannot start its Modbus servers: " + e.getMessage(),
                    e.getCause());
        }
        log.info("simulated pod started: {}", pod.describeEndpoints());
        return pod;
    }

    /** Device id of rack {@code n}'s PDU, e.g. {@code pdu1}. */
    public static String pdu(int rack) {
        return "pdu" + rack;
    }

    /**
     * Where a device listens (the actual port, also when it was ephemeral).
     *
     * @throws IllegalStateException for a device on a simulated RS-485 line ({@link #serialPort})
     */
    public InetSocketAddress endpoint(String deviceId) {
        return server(deviceId).endpoint();
    }

    /**
     * The controller's end of simulated RS-485 line {@code lineId} (a pseudo-terminal), which a Modbus RTU master
     * opens as it would open a USB adapter.
     *
     * @throws IllegalArgumentException when there is no such line
     */
    public String serialPort(String lineId) {
        return line(lineId).controllerEnd();
    }

    /**
     * Puts noise on simulated RS-485 line {@code lineId}, or takes it off ({@code null}); every unit on the line
     * sees it.
     *
     * @throws IllegalArgumentException when there is no such line
     */
    public void setLineNoise(String lineId, LineNoise noise) {
        line(lineId);
        SimPodSettings.RtuLine l = settings.rtuLines().stream().filter(x -> x.id().equals(lineId)).findFirst()
                .orElseThrow();
        server(l.units().keySet().iterator().next()).setLineNoise(noise);
    }

    private VirtualSerialLine line(String lineId) {
        synchronized (servers) {
            VirtualSerialLine l = lines.get(lineId);
            if (l == null) {
                throw new IllegalArgumentException("no RS-485 line '" + lineId + "'; lines are " + lines.keySet());
            }
            return l;
        }
    }

    /**
     * The emulated device behind {@code deviceId}, for injecting any {@link Fault} into it (or reading what a
     * master wrote). Its registers are the plant's: {@link #step} keeps publishing into them.
     *
     * @throws IllegalArgumentException when there is no such device
     */
    public EmulatedDevice device(String deviceId) {
        return entry(deviceId).emulated();
    }

    /** Device ids in serving order: {@code cdu}, {@code meter}, {@code pdu1..pduN}. */
    public List<String> deviceIds() {
        return List.copyOf(devices.keySet());
    }

    /** The settings this pod was started with. */
    public SimPodSettings settings() {
        return settings;
    }

    // ---- time ----

    /**
     * Advances the plant by {@code dt} of simulated time, deterministically: reads the contactor and
     * beacon outputs and the CDU's holding registers, integrates the physics, then publishes every
     * device's registers (each device's block atomically).
     */
    public void step(Duration dt) {
        Objects.requireNonNull(dt, "dt");
        lock.lock();
        try {
            readCommands();
            physics.step(dt);
            publish();
            lastState = snapshot();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Steps the plant on its own daemon thread every {@code tick} of the clock's monotonic time, on
     * absolute deadlines (the next deadline is the previous one plus {@code tick}, not "now" plus
     * {@code tick}), each step advancing {@code tick × timeScale} of simulated time. When the thread falls
     * more than one tick behind it skips the missed ticks and counts an overrun rather than bursting.
     *
     * @param tick      real time between steps, e.g. 50 ms
     * @param timeScale simulated seconds per real second (1 = real time; 10 runs physics ten times faster)
     * @throws IllegalStateException when already running
     */
    public void startRealtime(Duration tick, double timeScale) {
        Objects.requireNonNull(tick, "tick");
        if (tick.isNegative() || tick.isZero() || !(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("tick must be positive and timeScale finite and positive: "
                    + tick + ", " + timeScale);
        }
        lock.lock();
        try {
            if (closed || realtimeThread != null) {
                throw new IllegalStateException(closed ? "pod is closed" : "already running in real time");
            }
            realtimeRunning = true;
            Duration simStep = Duration.ofNanos(Math.round(tick.toNanos() * timeScale));
            Thread t = new Thread(() -> runRealtime(tick.toNanos(), simStep), "sim-pod-realtime");
            t.setDaemon(true);
            realtimeThread = t;
            t.start();
        } finally {
            lock.unlock();
        }
    }

    /** Ticks the real-time thread skipped because it fell behind. */
    public long realtimeOverruns() {
        return realtimeOverruns.get();
    }

    private void runRealtime(long tickNanos, Duration simStep) {
        long next = clock.nanoTime() + tickNanos;
        while (realtimeRunning) {
            long now = clock.nanoTime();
            if (now < next) {
                LockSupport.parkNanos(this, next - now);
                continue;
            }
            try {
                step(simStep);
            } catch (RuntimeException e) {
                long n = realtimeFailures.incrementAndGet();
                if (n == 1 || n % 1000 == 0) {
                    log.error("simulated pod step failed ({} times so far); continuing", n, e);
                }
            }
            next += tickNanos;
            long behind = clock.nanoTime() - next;
            if (behind > tickNanos) {
                long skipped = behind / tickNanos;
                realtimeOverruns.addAndGet(skipped);
                next += skipped * tickNanos;
            }
        }
    }

    /** The physics as of the last step (or the start): immutable. */
    public PlantState state() {
        lock.lock();
        try {
            return lastState;
        } finally {
            lock.unlock();
        }
    }

    // ---- pokes: conditions ----

    /** Sets rack {@code rack}'s (1-based) IT demand in kW; it draws it while energized. */
    public void setRackDemandKw(int rack, double kw) {
        requireRack(rack);
        if (!(kw >= 0) || Double.isInfinite(kw)) {
            throw new IllegalArgumentException("demand must be finite and >= 0: " + kw);
        }
        withLock(() -> physics.setDemandKw(rack, kw));
    }

    /** Sets the facility (primary) water supply temperature, °C. */
    public void setFacilityWaterTemperature(double celsius) {
        if (Double.isNaN(celsius) || Double.isInfinite(celsius)) {
            throw new IllegalArgumentException("temperature must be finite: " + celsius);
        }
        withLock(() -> physics.setFacilityWaterC(celsius));
    }

    /** Holds the primary valve at {@code positionPercent} (0..100) regardless of the CDU's controller, or
     * releases it with {@code null}. */
    public void setValveStuck(Double positionPercent) {
        if (positionPercent != null && !(positionPercent >= 0 && positionPercent <= 100)) {
            throw new IllegalArgumentException("valve position must be 0..100 %: " + positionPercent);
        }
        withLock(() -> physics.setValveStuck(positionPercent));
    }

    /** Commands pump {@code n} (1 or 2) off, as writing 0 to its run command register does. */
    public void stopPump(int n) {
        cdu().image().set(RegisterTable.HOLDING_REGISTER, pumpCommand(n).address(), 0);
    }

    /** Commands pump {@code n} (1 or 2) on, as writing 1 to its run command register does. */
    public void startPump(int n) {
        cdu().image().set(RegisterTable.HOLDING_REGISTER, pumpCommand(n).address(), 1);
    }

    /** Injects (or clears) a fault of pump {@code n}: it stops despite its command; the fault bit latches. */
    public void setPumpFault(int n, boolean active) {
        pumpCommand(n);
        withLock(() -> physics.setPumpFault(n, active));
    }

    /** Asserts (or clears) a leak at rack {@code rack}: its loop opens (input LOW) and the reservoir drains. */
    public void setLeak(int rack, boolean active) {
        requireRack(rack);
        withLock(() -> {
            physics.setLeak(rack, active);
            applyInputLevels();
        });
    }

    /** Presses (or releases) the E-stop: its loop opens (input LOW). */
    public void setEstopPressed(boolean pressed) {
        withLock(() -> {
            estopPressed = pressed;
            applyInputLevels();
        });
    }

    /** Presses (or releases) the local reset button (input HIGH while pressed). */
    public void setLocalResetPressed(boolean pressed) {
        withLock(() -> {
            localResetPressed = pressed;
            applyInputLevels();
        });
    }

    /**
     * Makes rack {@code rack}'s contactor stick: {@code true} welded closed (the rack stays powered whatever
     * the controller commands), {@code false} stuck open (the rack stays dark), {@code null} healthy again.
     * Takes effect at the next step; the auxiliary contact shows the contactor's real state.
     */
    public void setContactorStuck(int rack, Boolean closed) {
        requireRack(rack);
        withLock(() -> {
            if (closed == null) {
                stuckContactors.remove(rack);
            } else {
                stuckContactors.put(rack, closed);
            }
        });
    }

    /** Breaks the wire of one of the plant's inputs: it reads LOW until {@link #repairWire}. */
    public void breakWire(int bcmPin) {
        requireInputPin(bcmPin);
        withLock(() -> {
            brokenWires.add(bcmPin);
            applyInputLevels();
        });
    }

    /** Repairs a wire broken with {@link #breakWire}. */
    public void repairWire(int bcmPin) {
        requireInputPin(bcmPin);
        withLock(() -> {
            brokenWires.remove(bcmPin);
            applyInputLevels();
        });
    }

    // ---- pokes: devices ----

    /** Takes a device offline as {@link OfflineMode#NO_REPLY}, or back online. */
    public void setDeviceOffline(String deviceId, boolean offline) {
        setDeviceOffline(deviceId, offline, OfflineMode.NO_REPLY);
    }

    /**
     * Takes a device offline in {@code mode}, or back online ({@code offline == false}, mode ignored).
     *
     * @throws IllegalStateException when the device cannot listen on its port again
     */
    public void setDeviceOffline(String deviceId, boolean offline, OfflineMode mode) {
        Objects.requireNonNull(mode, "mode");
        EmulatedDevice d = device(deviceId);
        d.clear(Fault.Silent.class);
        d.clear(Fault.RefuseConnections.class);
        if (offline) {
            d.inject(mode == OfflineMode.NO_REPLY ? Fault.silent() : Fault.refuseConnections());
        }
    }

    /** Freezes (or unfreezes) a device's registers: the plant keeps running but they stop updating. */
    public void freezeDevice(String deviceId, boolean frozen) {
        if (frozen) {
            device(deviceId).inject(Fault.frozen());
        } else {
            device(deviceId).clear(Fault.Frozen.class);
        }
    }

    /**
     * Makes reads of one register return {@code raw} (0..65535) until {@link #clearOverrides}.
     *
     * @throws IllegalArgumentException when the device has no such register
     */
    public void overrideRegister(String deviceId, RegisterTable table, int address, int raw) {
        if (raw < 0 || raw > 0xFFFF) {
            throw new IllegalArgumentException("raw register value must be 0..65535: " + raw);
        }
        entry(deviceId).image().override(table, address, raw);
    }

    /**
     * Makes reads of a signal return {@code value} in engineering units (°C, L/min, W…), encoded as the
     * device encodes it (float32 accepts NaN and infinities), until {@link #clearOverrides}.
     *
     * @throws IllegalArgumentException when the signal belongs to another kind of device or the value
     *                                  does not fit an integer encoding
     */
    public void overrideSignal(String deviceId, SimSignal signal, double value) {
        Device d = entry(deviceId);
        if (signal.device() != d.kind()) {
            throw new IllegalArgumentException(signal + " is not a signal of " + deviceId);
        }
        d.image().override(signal.table(), signal.address(), signal.encode(value));
    }

    /**
     * Removes every override of a device; for the CDU also the supply temperature held by
     * {@link #overrideSupplyTemperature} (sensor faults and drifts stay until {@link #repairSupplySensor}).
     */
    public void clearOverrides(String deviceId) {
        entry(deviceId).image().clearOverrides();
        if (deviceId.equals(CDU)) {
            onSupplySensors(() -> physics.holdSupplyAtSensors(null));
        }
    }

    // ---- pokes: supply-temperature sensors ----

    /**
     * Makes the three supply-temperature sensors measure {@code celsius}, as if the coolant at the CDU's outlet
     * were that warm, until {@link #clearOverrides} of the CDU. Each sensor still adds its own noise, bias and
     * fault (unlike {@link #overrideSignal}, which replaces one register); the physics go on unchanged.
     */
    public void overrideSupplyTemperature(double celsius) {
        if (Double.isNaN(celsius) || Double.isInfinite(celsius)) {
            throw new IllegalArgumentException("temperature must be finite: " + celsius);
        }
        onSupplySensors(() -> physics.holdSupplyAtSensors(celsius));
    }

    /**
     * Fails one supply-temperature sensor: its register carries {@code fault}'s end-of-scale reading from now on,
     * while the CDU and the other sensors answer as before, until {@link #repairSupplySensor}.
     */
    public void failSupplySensor(SupplySensor sensor, SensorFault fault) {
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(fault, "fault");
        onSupplySensors(() -> physics.supplySensor(sensor).fail(fault));
    }

    /**
     * Makes one supply-temperature sensor drift: its bias grows by {@code degCPerMinute} °C per simulated minute
     * (negative: it reads ever lower) from what it is now, until {@link #repairSupplySensor}. Zero holds the bias.
     */
    public void driftSupplySensor(SupplySensor sensor, double degCPerMinute) {
        Objects.requireNonNull(sensor, "sensor");
        if (Double.isNaN(degCPerMinute) || Double.isInfinite(degCPerMinute)) {
            throw new IllegalArgumentException("drift must be finite: " + degCPerMinute);
        }
        onSupplySensors(() -> physics.supplySensor(sensor).drift(degCPerMinute));
    }

    /** Repairs one supply-temperature sensor: no fault, no bias, no drift. */
    public void repairSupplySensor(SupplySensor sensor) {
        Objects.requireNonNull(sensor, "sensor");
        onSupplySensors(() -> physics.supplySensor(sensor).repair());
    }

    /** Changes the supply sensors and publishes their registers at once, not at the next step. */
    private void onSupplySensors(Runnable change) {
        withLock(() -> {
            change.run();
            publishCdu();
        });
    }

    /** Stops the real-time thread (waiting up to 1 s) and every Modbus server. Idempotent. */
    @Override
    public void close() {
        closed = true;
        realtimeRunning = false;
        Thread t = realtimeThread;
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (servers) {
            for (ModbusEmulator server : servers.values()) {
                server.close();
            }
            for (VirtualSerialLine line : lines.values()) {
                line.close();
            }
        }
    }

    // ---- internals ----

    private void createDevices() {
        RegisterMap cdu = RegisterMap.builder()
                .zeros(RegisterTable.INPUT_REGISTER, 0, CDU_INPUTS.size())
                // Identity text where the pod-cdu profile reads it; 14..99 stay unmapped, as on a sparse map.
                .text(RegisterTable.INPUT_REGISTER, 100, 8, CDU_SERIAL_NUMBER)
                .text(RegisterTable.INPUT_REGISTER, 108, 4, CDU_FIRMWARE_VERSION)
                .text(RegisterTable.INPUT_REGISTER, 112, 8, CDU_MODEL)
                .zeros(RegisterTable.HOLDING_REGISTER, 0, 5)
                // Setpoint 5.0..60.0 °C as int16 ×10.
                .writable(RegisterTable.HOLDING_REGISTER, SimSignal.CDU_SUPPLY_TEMPERATURE_SETPOINT.address(),
                        new WriteRule(v -> (short) v >= 50 && (short) v <= 600, v -> v))
                .writable(RegisterTable.HOLDING_REGISTER, SimSignal.CDU_PUMP1_COMMAND.address(), WriteRule.range(0, 1))
                .writable(RegisterTable.HOLDING_REGISTER, SimSignal.CDU_PUMP2_COMMAND.address(), WriteRule.range(0, 1))
                .writable(RegisterTable.HOLDING_REGISTER, SimSignal.CDU_PUMP_SPEED_SETPOINT.address(),
                        WriteRule.range(0, 1000))
                .writable(RegisterTable.HOLDING_REGISTER, SimSignal.CDU_ALARM_RESET.address(), new WriteRule(v -> true, v -> {
                    if (v == 1) {
                        alarmResetWritten.set(true);
                    }
                    return 0;
                }))
                .build();
        addDevice(CDU, SimSignal.Device.CDU, cdu);
        SimPodSettings.Physics p = settings.physics();
        RegisterImage cduImage = cdu().image();
        cduImage.set(RegisterTable.HOLDING_REGISTER, SimSignal.CDU_SUPPLY_TEMPERATURE_SETPOINT.address(),
                SimSignal.CDU_SUPPLY_TEMPERATURE_SETPOINT.encode(p.supplySetpointC())[0]);
        cduImage.set(RegisterTable.HOLDING_REGISTER, SimSignal.CDU_PUMP1_COMMAND.address(), 1);
        cduImage.set(RegisterTable.HOLDING_REGISTER, SimSignal.CDU_PUMP2_COMMAND.address(), 0);
        cduImage.set(RegisterTable.HOLDING_REGISTER, SimSignal.CDU_PUMP_SPEED_SETPOINT.address(),
                SimSignal.CDU_PUMP_SPEED_SETPOINT.encode(p.pumpSpeedPercent())[0]);

        RegisterMap.Builder meter = RegisterMap.builder();
        for (SimSignal s : METER_INPUTS) {
            meter.zeros(s.table(), s.address(), s.encoding().words());
        }
        addDevice(METER, SimSignal.Device.METER, meter.build());

        for (int r = 1; r <= settings.rackCount(); r++) {
            RegisterMap.Builder pdu = RegisterMap.builder();
            for (SimSignal s : PDU_REGISTERS) {
                pdu.zeros(s.table(), s.address(), s.encoding().words());
            }
            // A PX keeps its inlet sensors in one contiguous block; the ones the pod does not use
            // (0x300C..0x3011) read as 0 here, so a coalesced read of the inlet block succeeds as on the device.
            pdu.zeros(RegisterTable.HOLDING_REGISTER, PDU_INLET_BLOCK_GAP_START, PDU_INLET_BLOCK_GAP_LENGTH);
            addDevice(pdu(r), SimSignal.Device.PDU, pdu.build());
        }
    }

    private void addDevice(String id, SimSignal.Device kind, RegisterMap map) {
        int unit = settings.lineOf(id).map(l -> l.units().get(id)).orElse(settings.unitId());
        devices.put(id, new Device(id, kind, new EmulatedDevice(id, unit, map, clock)));
    }

    /**
     * Starts one Modbus TCP emulator per device on the bind host, except for the devices on a simulated RS-485
     * line: one RTU emulator per line serves them. Throws when a port cannot be bound or a line opened.
     */
    private void startServers() {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(settings.bindHost());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve bind host " + settings.bindHost(), e);
        }
        for (SimPodSettings.RtuLine l : settings.rtuLines()) {
            VirtualSerialLine line = VirtualSerialLine.open(l.id());
            synchronized (servers) {
                lines.put(l.id(), line);
            }
            List<EmulatedDevice> slaves = devices.values().stream().filter(d -> l.units().containsKey(d.id()))
                    .map(Device::emulated).toList();
            ModbusEmulator server = ModbusEmulator.rtu(l.id(), l.serial().withPortName(line.devicesEnd()), slaves);
            synchronized (servers) {
                for (String id : l.units().keySet()) {
                    servers.put(id, server);
                }
            }
        }
        for (Device d : devices.values()) {
            if (settings.lineOf(d.id()).isPresent()) {
                continue;
            }
            int port = settings.devicePorts().getOrDefault(d.id(), 0);
            ModbusEmulator server = ModbusEmulator.tcp(d.id(), bind, port, List.of(d.emulated()));
            synchronized (servers) {
                servers.put(d.id(), server);
            }
        }
    }

    /** Reads what the controller drives: contactor and beacon outputs, CDU holding registers. */
    private void readCommands() {
        SimPodSettings.Pins wiring = settings.pins();
        for (int r = 1; r <= settings.rackCount(); r++) {
            Boolean stuck = stuckContactors.get(r);
            physics.setContactor(r, stuck != null ? stuck : pins.outputLevel(wiring.contactorPin(r)));
        }
        applyInputLevels(); // the auxiliary contacts follow the contactors
        beaconOn = pins.outputLevel(wiring.beaconPin());
        RegisterImage cdu = cdu().image();
        physics.setSupplySetpointC(SimSignal.CDU_SUPPLY_TEMPERATURE_SETPOINT.decode(
                new int[] {holding(cdu, SimSignal.CDU_SUPPLY_TEMPERATURE_SETPOINT)}));
        physics.setPumpCommand(1, holding(cdu, SimSignal.CDU_PUMP1_COMMAND) == 1);
        physics.setPumpCommand(2, holding(cdu, SimSignal.CDU_PUMP2_COMMAND) == 1);
        physics.setPumpSpeedSetpoint(SimSignal.CDU_PUMP_SPEED_SETPOINT.decode(
                new int[] {holding(cdu, SimSignal.CDU_PUMP_SPEED_SETPOINT)}));
        if (alarmResetWritten.getAndSet(false)) {
            physics.requestAlarmReset();
        }
    }

    private void publish() {
        publishCdu();
        entry(METER).image().update(w -> {
            put(w, SimSignal.METER_L1_VOLTAGE, physics.phaseVoltageV(1));
            put(w, SimSignal.METER_L2_VOLTAGE, physics.phaseVoltageV(2));
            put(w, SimSignal.METER_L3_VOLTAGE, physics.phaseVoltageV(3));
            put(w, SimSignal.METER_L1_CURRENT, physics.phaseCurrentA(1));
            put(w, SimSignal.METER_L2_CURRENT, physics.phaseCurrentA(2));
            put(w, SimSignal.METER_L3_CURRENT, physics.phaseCurrentA(3));
            put(w, SimSignal.METER_L1_POWER, physics.phasePowerW());
            put(w, SimSignal.METER_L2_POWER, physics.phasePowerW());
            put(w, SimSignal.METER_L3_POWER, physics.phasePowerW());
            put(w, SimSignal.METER_TOTAL_POWER, physics.totalPowerW());
            put(w, SimSignal.METER_FREQUENCY, physics.frequencyHz());
            put(w, SimSignal.METER_IMPORT_ENERGY, physics.energyKwh());
            put(w, SimSignal.METER_TOTAL_ENERGY, physics.energyKwh());
        });
        for (int r = 1; r <= settings.rackCount(); r++) {
            int rack = r;
            entry(pdu(r)).image().update(w -> {
                put(w, SimSignal.PDU_INLET_VOLTAGE, physics.pduVoltageV(rack));
                put(w, SimSignal.PDU_INLET_CURRENT, physics.pduCurrentA(rack));
                put(w, SimSignal.PDU_INLET_POWER, physics.rackPowerKw(rack) * 1000.0);
                put(w, SimSignal.PDU_OUTLET1_CURRENT, physics.pduOutlet1CurrentA(rack));
            });
        }
    }

    /** Publishes the CDU's input registers (one atomic block) from the physics and the sensors. */
    private void publishCdu() {
        cdu().image().update(w -> {
            for (SupplySensor sensor : SupplySensor.values()) {
                put(w, sensor.signal(), physics.supplySensorC(sensor));
            }
            put(w, SimSignal.CDU_RETURN_TEMPERATURE, physics.returnC());
            put(w, SimSignal.CDU_FLOW, physics.flowLpm());
            put(w, SimSignal.CDU_DIFFERENTIAL_PRESSURE, physics.differentialPressureKpa());
            put(w, SimSignal.CDU_RESERVOIR_LEVEL, physics.reservoirPercent());
            put(w, SimSignal.CDU_PUMP1_STATUS, physics.pumpStatusBits(1));
            put(w, SimSignal.CDU_PUMP1_SPEED, physics.pumpSpeedPercent(1));
            put(w, SimSignal.CDU_PUMP2_STATUS, physics.pumpStatusBits(2));
            put(w, SimSignal.CDU_PUMP2_SPEED, physics.pumpSpeedPercent(2));
            put(w, SimSignal.CDU_VALVE_POSITION, physics.valvePercent());
            put(w, SimSignal.CDU_PRIMARY_SUPPLY_TEMPERATURE, physics.facilityWaterC());
            put(w, SimSignal.CDU_PRIMARY_RETURN_TEMPERATURE, physics.primaryReturnC());
            put(w, SimSignal.CDU_STATUS_BITS, physics.cduStatusBits());
            put(w, SimSignal.CDU_HEARTBEAT, physics.heartbeat());
        });
    }

    private static int holding(RegisterImage image, SimSignal s) {
        return image.stored(RegisterTable.HOLDING_REGISTER, s.address());
    }

    /** Publishes a measured signal: the physical value plus its sensor's noise. Called with the lock held. */
    private void put(RegisterImage.Writer w, SimSignal s, double value) {
        w.put(s.table(), s.address(), s.encodeSaturating(value + physics.sensorNoise(s)));
    }

    /** Drives every plant input pin from the current conditions. Called with the lock held. */
    private void applyInputLevels() {
        SimPodSettings.Pins wiring = settings.pins();
        for (int r = 1; r <= settings.rackCount(); r++) {
            int pin = wiring.leakPin(r);
            pins.setInputLevel(pin, !physics.leak(r) && !brokenWires.contains(pin));
        }
        pins.setInputLevel(wiring.estopPin(), !estopPressed && !brokenWires.contains(wiring.estopPin()));
        pins.setInputLevel(wiring.localResetPin(),
                localResetPressed && !brokenWires.contains(wiring.localResetPin()));
        for (int r = 1; r <= settings.rackCount(); r++) {
            int pin = wiring.auxContactPin(r);
            pins.setInputLevel(pin, physics.contactor(r) && !brokenWires.contains(pin));
        }
    }

    private PlantState snapshot() {
        return physics.snapshot(estopPressed, localResetPressed, beaconOn);
    }

    private void withLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private Device cdu() {
        return entry(CDU);
    }

    private ModbusEmulator server(String deviceId) {
        entry(deviceId);
        synchronized (servers) {
            ModbusEmulator server = servers.get(deviceId);
            if (server == null) {
                throw new IllegalStateException("device " + deviceId + " is not served (pod closed?)");
            }
            return server;
        }
    }

    private Device entry(String deviceId) {
        Device d = devices.get(deviceId);
        if (d == null) {
            throw new IllegalArgumentException("no device '" + deviceId + "'; devices are " + devices.keySet());
        }
        return d;
    }

    private static SimSignal pumpCommand(int pump) {
        return switch (pump) {
            case 1 -> SimSignal.CDU_PUMP1_COMMAND;
            case 2 -> SimSignal.CDU_PUMP2_COMMAND;
            default -> throw new IllegalArgumentException("pump must be 1 or 2: " + pump);
        };
    }

    private void requireRack(int rack) {
        if (rack < 1 || rack > settings.rackCount()) {
            throw new IllegalArgumentException("rack must be 1.." + settings.rackCount() + ": " + rack);
        }
    }

    private void requireInputPin(int pin) {
        SimPodSettings.Pins wiring = settings.pins();
        if (!wiring.leakPins().contains(pin) && !wiring.auxContactPins().contains(pin) && pin != wiring.estopPin()
                && pin != wiring.localResetPin()) {
            throw new IllegalArgumentException("BCM pin " + pin + " is not one of the plant's input pins");
        }
    }

    private String describeEndpoints() {
        StringBuilder sb = new StringBuilder();
        for (Device d : devices.values()) {
            sb.append(d.id()).append('=').append(server(d.id()).describe()).append(' ');
        }
        return sb.toString().trim();
    }

    private static List<SimSignal> signalsOf(SimSignal.Device device, RegisterTable table) {
        return Arrays.stream(SimSignal.values())
                .filter(s -> s.device() == device && s.table() == table)
                .toList();
    }
}
