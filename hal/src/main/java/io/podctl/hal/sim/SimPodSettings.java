package io.podctl.hal.sim;

import io.podctl.hal.modbus.RtuBusSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the simulated pod needs to know that a controller configuration must agree with: where the
 * devices listen, which BCM pins carry which signal, and the plant's physical parameters.
 *
 * @param bindHost    address the Modbus servers listen on (default {@code 127.0.0.1})
 * @param devicePorts TCP port per device id ({@code cdu}, {@code meter}, {@code pdu1..pduN}); a device not
 *                    listed, or listed with 0, gets an ephemeral port (see {@link SimulatedPod#endpoint})
 * @param unitId      Modbus unit id every device answers to (default 1)
 * @param pins        GPIO wiring
 * @param physics     physical parameters
 * @param rtuLines    simulated RS-485 lines and the devices served on them instead of on a TCP port (default none)
 */
public record SimPodSettings(String bindHost, Map<String, Integer> devicePorts, int unitId, Pins pins,
                             Physics physics, List<RtuLine> rtuLines) {

    public SimPodSettings {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(pins, "pins");
        Objects.requireNonNull(physics, "physics");
        devicePorts = Map.copyOf(devicePorts);
        Set<String> known = new HashSet<>(deviceIds(pins.rackCount()));
        devicePorts.forEach((id, port) -> {
            if (!known.contains(id)) {
                throw new IllegalArgumentException("unknown device id '" + id + "'; devices are " + known);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port of " + id + " out of range: " + port);
            }
        });
        if (unitId < 1 || unitId > 247) {
            throw new IllegalArgumentException("unit id must be 1..247: " + unitId);
        }
        rtuLines = List.copyOf(rtuLines);
        Set<String> onALine = new HashSet<>();
        for (RtuLine line : rtuLines) {
            for (String id : line.units().keySet()) {
                if (!known.contains(id)) {
                    throw new IllegalArgumentException("line " + line.id() + ": unknown device id '" + id
                            + "'; devices are " + known);
                }
                if (!onALine.add(id)) {
                    throw new IllegalArgumentException("device " + id + " is on two RS-485 lines");
                }
            }
        }
    }

    /** Settings without RS-485 lines: every device on a TCP port of its own. */
    public SimPodSettings(String bindHost, Map<String, Integer> devicePorts, int unitId, Pins pins, Physics physics) {
        this(bindHost, devicePorts, unitId, pins, physics, List.of());
    }

    /**
     * A simulated RS-485 line ({@link VirtualSerialLine}) with some of the plant's devices as its slaves.
     *
     * @param id     the line's name (the pod file's bus id)
     * @param serial baud rate, parity and framing the emulated slaves use; its port name is replaced by the
     *               simulated line's devices' end
     * @param units  unit id per device id, distinct, 1..247
     */
    public record RtuLine(String id, RtuBusSettings serial, Map<String, Integer> units) {
        public RtuLine {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(serial, "serial");
            units = Map.copyOf(units);
            if (units.isEmpty()) {
                throw new IllegalArgumentException("line " + id + " has no devices");
            }
            if (Set.copyOf(units.values()).size() != units.size()) {
                throw new IllegalArgumentException("line " + id + ": two devices share a unit id: " + units);
            }
            units.values().forEach(u -> {
                if (u < 1 || u > 247) {
                    throw new IllegalArgumentException("line " + id + ": unit id outside 1..247: " + u);
                }
            });
        }
    }

    /** A copy with {@code line} added. */
    public SimPodSettings withRtuLine(RtuLine line) {
        List<RtuLine> lines = new ArrayList<>(rtuLines);
        lines.add(line);
        return new SimPodSettings(bindHost, devicePorts, unitId, pins, physics, lines);
    }

    /** The line {@code deviceId} is served on, if any. */
    public Optional<RtuLine> lineOf(String deviceId) {
        return rtuLines.stream().filter(l -> l.units().containsKey(deviceId)).findFirst();
    }

    /** Loopback, ephemeral ports, unit id 1, default pins and physics. */
    public static SimPodSettings defaults() {
        return new SimPodSettings("127.0.0.1", Map.of(), 1, Pins.defaults(), Physics.defaults());
    }

    /** A copy where {@code deviceId} listens on {@code port} (0 = ephemeral). */
    public SimPodSettings withDevicePort(String deviceId, int port) {
        Map<String, Integer> ports = new HashMap<>(devicePorts);
        ports.put(deviceId, port);
        return new SimPodSettings(bindHost, ports, unitId, pins, physics, rtuLines);
    }

    /** A copy with other physics. */
    public SimPodSettings withPhysics(Physics physics) {
        return new SimPodSettings(bindHost, devicePorts, unitId, pins, physics, rtuLines);
    }

    /** A copy with other pins. */
    public SimPodSettings withPins(Pins pins) {
        return new SimPodSettings(bindHost, devicePorts, unitId, pins, physics, rtuLines);
    }

    /** Number of racks (and PDUs). */
    public int rackCount() {
        return pins.rackCount();
    }

    /** The device ids in serving order: {@code cdu}, {@code meter}, {@code pdu1..pduN}. */
    public List<String> deviceIds() {
        return deviceIds(rackCount());
    }

    private static List<String> deviceIds(int racks) {
        List<String> ids = new ArrayList<>();
        ids.add(SimulatedPod.CDU);
        ids.add(SimulatedPod.METER);
        for (int r = 1; r <= racks; r++) {
            ids.add(SimulatedPod.pdu(r));
        }
        return List.copyOf(ids);
    }

    /**
     * GPIO wiring, BCM numbers. Safety inputs are normally-closed loops: healthy reads HIGH; an active
     * condition (leak, E-stop pressed) or a broken wire reads LOW. The local reset is a momentary
     * push-button reading HIGH while pressed. Outputs are energized HIGH.
     *
     * @param leakPins      leak loop per rack, rack 1 first (default 17, 27, 22, 23)
     * @param estopPin      E-stop loop (default 24)
     * @param localResetPin local reset push-button (default 25)
     * @param contactorPins rack power contactor per rack, rack 1 first (default 5, 6, 13, 19)
     * @param beaconPin     beacon (default 26)
     * @param auxContactPins the auxiliary contact of each rack's contactor, rack 1 first (default 16, 20, 21,
     *                      18): normally open to 3.3 V, so it reads HIGH while the contactor is closed
     */
    public record Pins(List<Integer> leakPins, int estopPin, int localResetPin, List<Integer> contactorPins,
                       int beaconPin, List<Integer> auxContactPins) {

        public Pins {
            leakPins = List.copyOf(leakPins);
            contactorPins = List.copyOf(contactorPins);
            auxContactPins = List.copyOf(auxContactPins);
            if (leakPins.isEmpty() || leakPins.size() > 16 || leakPins.size() != contactorPins.size()
                    || auxContactPins.size() != contactorPins.size()) {
                throw new IllegalArgumentException("need one leak pin, one contactor pin and one auxiliary contact "
                        + "pin per rack (1..16 racks): " + leakPins + " / " + contactorPins + " / " + auxContactPins);
            }
            List<Integer> all = new ArrayList<>(leakPins);
            all.addAll(contactorPins);
            all.addAll(auxContactPins);
            all.add(estopPin);
            all.add(localResetPin);
            all.add(beaconPin);
            Set<Integer> seen = new HashSet<>();
            for (int pin : all) {
                if (pin < 0 || pin > 63) {
                    throw new IllegalArgumentException("BCM pin out of range: " + pin);
                }
                if (!seen.add(pin)) {
                    throw new IllegalArgumentException("BCM pin " + pin + " is used twice");
                }
            }
        }

        /** The default wiring of a 4-rack pod. */
        public static Pins defaults() {
            return new Pins(List.of(17, 27, 22, 23), 24, 25, List.of(5, 6, 13, 19), 26, List.of(16, 20, 21, 18));
        }

        /** Number of racks. */
        public int rackCount() {
            return contactorPins.size();
        }

        /** Leak pin of rack {@code n} (1-based). */
        public int leakPin(int rack) {
            return leakPins.get(rack - 1);
        }

        /** Contactor pin of rack {@code n} (1-based). */
        public int contactorPin(int rack) {
            return contactorPins.get(rack - 1);
        }

        /** Auxiliary contact pin of rack {@code n}'s contactor (1-based). */
        public int auxContactPin(int rack) {
            return auxContactPins.get(rack - 1);
        }
    }

    /**
     * Physical parameters (see {@link SimulatedPod} for the equations).
     *
     * @param rackDemandKw             IT demand of each rack while powered, kW (default 80)
     * @param facilityWaterC           facility water supply temperature, °C (default 20)
     * @param supplySetpointC          initial CDU supply setpoint, °C (default 30)
     * @param pumpSpeedPercent         initial pump speed setpoint, % (default 75)
     * @param pumpPowerKw              power of one pump at 75 % speed, kW (default 2); scales with speed³
     * @param auxiliaryKw              auxiliaries always drawn (controls, fans, lights), kW (default 3)
     * @param phaseVoltageV            nominal line-to-neutral voltage, V (default 230)
     * @param frequencyHz              nominal frequency, Hz (default 50)
     * @param reservoirLevelPercent    initial reservoir level, % (default 80)
     * @param leakLossPercentPerSecond reservoir level lost per leaking rack, %/s (default 0.05)
     * @param lowLevelPercent          reservoir level below which the CDU raises its low-level alarm, %
     *                                 (default 40)
     * @param noiseSeed                seed of the measurement noise (voltages, frequency); same seed and
     *                                 same calls give the same values
     */
    public record Physics(double rackDemandKw, double facilityWaterC, double supplySetpointC,
                          double pumpSpeedPercent, double pumpPowerKw, double auxiliaryKw,
                          double phaseVoltageV, double frequencyHz, double reservoirLevelPercent,
                          double leakLossPercentPerSecond, double lowLevelPercent, long noiseSeed) {

        public Physics {
            requireRange("rackDemandKw", rackDemandKw, 0, 1000);
            requireRange("facilityWaterC", facilityWaterC, 0, 60);
            requireRange("supplySetpointC", supplySetpointC, 5, 60);
            requireRange("pumpSpeedPercent", pumpSpeedPercent, 0, 100);
            requireRange("pumpPowerKw", pumpPowerKw, 0, 100);
            requireRange("auxiliaryKw", auxiliaryKw, 0, 100);
            requireRange("phaseVoltageV", phaseVoltageV, 50, 500);
            requireRange("frequencyHz", frequencyHz, 40, 70);
            requireRange("reservoirLevelPercent", reservoirLevelPercent, 0, 100);
            requireRange("leakLossPercentPerSecond", leakLossPercentPerSecond, 0, 10);
            requireRange("lowLevelPercent", lowLevelPercent, 0, 100);
        }

        /** The defaults listed on each component. */
        public static Physics defaults() {
            return new Physics(80, 20, 30, 75, 2, 3, 230, 50, 80, 0.05, 40, 1);
        }

        /** A copy with another rack demand. */
        public Physics withRackDemandKw(double kw) {
            return new Physics(kw, facilityWaterC, supplySetpointC, pumpSpeedPercent, pumpPowerKw, auxiliaryKw,
                    phaseVoltageV, frequencyHz, reservoirLevelPercent, leakLossPercentPerSecond, lowLevelPercent,
                    noiseSeed);
        }

        /** A copy with another facility water temperature. */
        public Physics withFacilityWaterC(double c) {
            return new Physics(rackDemandKw, c, supplySetpointC, pumpSpeedPercent, pumpPowerKw, auxiliaryKw,
                    phaseVoltageV, frequencyHz, reservoirLevelPercent, leakLossPercentPerSecond, lowLevelPercent,
                    noiseSeed);
        }

        private static void requireRange(String name, double v, double min, double max) {
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ": " + v);
            }
        }
    }
}
