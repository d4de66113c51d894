package io.podctl.controller.scenario;

import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.sim.EmulatedDevice;
import io.podctl.hal.sim.Fault;
import io.podctl.hal.sim.LineNoise;
import io.podctl.hal.sim.SensorFault;
import io.podctl.hal.sim.SimPodSettings;
import io.podctl.hal.sim.SimulatedPins;
import io.podctl.hal.sim.SimulatedPod;
import io.podctl.hal.sim.SupplySensor;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Plant commands carried out on a simulated plant in this process. The command language (one line each):
 *
 * <pre>
 * leak RACK on|off                 estop pressed|released          button pressed|released
 * wire PIN cut|repaired            contactor RACK welded|stuckOpen|normal
 * pump N stop|start|fail|repair    water DEGC                      load RACK KW
 * sensor A|B|C openCircuit|shortCircuit|repair|drift DEGC_PER_MIN
 * fault DEVICE MODE [code=N] [ms=N] [duration=MS] [table=TABLE address=N]
 * clear DEVICE                     line LINE noise|quiet           restore
 * </pre>
 *
 * {@code MODE} is a scenario file's fault mode ({@code silent}, {@code exception}, {@code nan}, ...); {@code
 * restore} puts back the plant's start: no fault or override on any device, no leak, E-stop and button released,
 * every wire whole, every contactor healthy, no pump fault, no sensor fault, every RS-485 line quiet, facility water
 * and rack loads at the plant's defaults.
 *
 * <p>Threading: {@link #act} from one thread at a time; {@link #outputLevel} from any.
 */
final class LocalPlantControl implements PlantControl {
    private final SimulatedPod plant;
    private final SimulatedPins wiring;
    private final double timeScale;

    /**
     * @param plant     the plant
     * @param wiring    the plant's side of its GPIO (where output levels are read)
     * @param timeScale the speed its physics run at
     */
    LocalPlantControl(SimulatedPod plant, SimulatedPins wiring, double timeScale) {
        this.plant = plant;
        this.wiring = wiring;
        this.timeScale = timeScale;
    }

    @Override
    public void act(String command) {
        String[] w = command.trim().split("\\s+");
        try {
            switch (w[0]) {
                case "leak" -> plant.setLeak(Integer.parseInt(w[1]), on(w[2], "on", "off"));
                case "estop" -> plant.setEstopPressed(on(w[1], "pressed", "released"));
                case "button" -> plant.setLocalResetPressed(on(w[1], "pressed", "released"));
                case "wire" -> {
                    if (on(w[2], "cut", "repaired")) {
                        plant.breakWire(Integer.parseInt(w[1]));
                    } else {
                        plant.repairWire(Integer.parseInt(w[1]));
                    }
                }
                case "contactor" -> plant.setContactorStuck(Integer.parseInt(w[1]), switch (w[2]) {
                    case "welded" -> Boolean.TRUE;
                    case "stuckOpen" -> Boolean.FALSE;
                    case "normal" -> null;
                    default -> throw new IllegalArgumentException("welded, stuckOpen or normal, not " + w[2]);
                });
                case "pump" -> pump(Integer.parseInt(w[1]), w[2]);
                case "water" -> plant.setFacilityWaterTemperature(Double.parseDouble(w[1]));
                case "load" -> plant.setRackDemandKw(Integer.parseInt(w[1]), Double.parseDouble(w[2]));
                case "sensor" -> sensor(SupplySensor.valueOf(w[1]), w);
                case "fault" -> device(w[1]).inject(fault(w));
                case "clear" -> {
                    device(w[1]).clearFaults();
                    plant.clearOverrides(w[1]);
                }
                case "line" -> plant.setLineNoise(w[1], on(w[2], "noise", "quiet") ? LineNoise.TYPICAL : null);
                case "restore" -> restore();
                default -> throw new IllegalArgumentException("unknown plant command '" + w[0] + "'");
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("'" + command + "': too few words");
        }
    }

    private static boolean on(String word, String yes, String no) {
        if (word.equals(yes)) {
            return true;
        }
        if (word.equals(no)) {
            return false;
        }
        throw new IllegalArgumentException(yes + " or " + no + ", not " + word);
    }

    private void pump(int n, String action) {
        switch (action) {
            case "stop" -> plant.stopPump(n);
            case "start" -> plant.startPump(n);
            case "fail" -> plant.setPumpFault(n, true);
            case "repair" -> plant.setPumpFault(n, false);
            default -> throw new IllegalArgumentException("stop, start, fail or repair, not " + action);
        }
    }

    private void sensor(SupplySensor s, String[] w) {
        switch (w[2]) {
            case "repair" -> plant.repairSupplySensor(s);
            case "drift" -> plant.driftSupplySensor(s, Double.parseDouble(w[3]));
            case "openCircuit" -> plant.failSupplySensor(s, SensorFault.OPEN_CIRCUIT);
            case "shortCircuit" -> plant.failSupplySensor(s, SensorFault.SHORT_CIRCUIT);
            default -> throw new IllegalArgumentException("openCircuit, shortCircuit, repair or drift, not " + w[2]);
        }
    }

    private EmulatedDevice device(String id) {
        if (!plant.deviceIds().contains(id)) {
            throw new IllegalArgumentException("no device '" + id + "' in the plant (" + plant.deviceIds() + ")");
        }
        return plant.device(id);
    }

    /** {@code fault DEVICE MODE key=value...}. */
    private static Fault fault(String[] w) {
        Map<String, String> kv = new HashMap<>();
        for (int i = 3; i < w.length; i++) {
            int eq = w[i].indexOf('=');
            kv.put(w[i].substring(0, eq), w[i].substring(eq + 1));
        }
        return switch (w[2]) {
            case "silent" -> Fault.silent();
            case "refuse" -> Fault.refuseConnections();
            case "garbage" -> Fault.garbage(false);
            case "closeMidReply" -> Fault.closeMidReply();
            case "badCrc" -> Fault.badCrc();
            case "wrongTid" -> Fault.wrongTransactionId(true);
            case "wrongUnit" -> Fault.wrongUnitId(true);
            case "exception" -> Fault.exception(Integer.parseInt(required(kv, "code")));
            case "zeros" -> Fault.zerosAfterReboot(Duration.ofMillis(Long.parseLong(kv.getOrDefault("duration", "5000"))));
            case "frozen" -> Fault.frozen();
            case "nan" -> Fault.nanFloat(RegisterTable.valueOf(required(kv, "table")),
                    Integer.parseInt(required(kv, "address")));
            case "wordSwap" -> {
                int address = Integer.parseInt(required(kv, "address"));
                yield Fault.wordSwapped(RegisterTable.valueOf(required(kv, "table")), address, address + 1);
            }
            case "delay" -> Fault.lateReply(Duration.ofMillis(Long.parseLong(required(kv, "ms"))));
            case "ignoreWrites" -> Fault.ignoreWrites();
            default -> throw new IllegalArgumentException("unknown fault mode '" + w[2] + "'");
        };
    }

    private static String required(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("this fault needs " + key + "=");
        }
        return v;
    }

    private void restore() {
        SimPodSettings s = plant.settings();
        for (String id : plant.deviceIds()) {
            plant.device(id).clearFaults();
            plant.clearOverrides(id);
        }
        SimPodSettings.Pins pins = s.pins();
        for (int rack = 1; rack <= s.rackCount(); rack++) {
            plant.setLeak(rack, false);
            plant.setContactorStuck(rack, null);
            plant.setRackDemandKw(rack, s.physics().rackDemandKw());
            plant.repairWire(pins.leakPin(rack));
            plant.repairWire(pins.auxContactPin(rack));
        }
        plant.repairWire(pins.estopPin());
        plant.repairWire(pins.localResetPin());
        plant.setEstopPressed(false);
        plant.setLocalResetPressed(false);
        plant.setPumpFault(1, false);
        plant.setPumpFault(2, false);
        plant.setValveStuck(null);
        plant.setFacilityWaterTemperature(s.physics().facilityWaterC());
        for (SupplySensor sensor : SupplySensor.values()) {
            plant.repairSupplySensor(sensor);
        }
        for (SimPodSettings.RtuLine line : s.rtuLines()) {
            plant.setLineNoise(line.id(), null);
        }
    }

    /** A command word for a fault mode, as the scenario file spells it. */
    static String word(ScenarioFile.FaultMode mode) {
        String[] parts = mode.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return b.toString();
    }

    @Override
    public boolean outputLevel(int bcmPin) {
        return wiring.outputLevel(bcmPin);
    }

    @Override
    public SimPodSettings.Pins pins() {
        return plant.settings().pins();
    }

    @Override
    public double timeScale() {
        return timeScale;
    }

    /** The plant is its owner's to close. */
    @Override
    public void close() {
    }
}
