package io.podctl.controller.cli;

import io.podctl.hal.sim.OfflineMode;
import io.podctl.hal.sim.SensorFault;
import io.podctl.hal.sim.SimulatedPod;
import io.podctl.hal.sim.SupplySensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Typed commands that poke the simulated plant during a live demo: leaks, the E-stop, the local reset
 * button, pumps, facility water, devices going off-line, a supply temperature sensor failing or drifting. They
 * act on the plant, never on the controller: the controller has to notice through its inputs, as it would on a
 * real pod.
 *
 * <p>Threading: {@link #execute} is called from the console reader thread; the plant is thread-safe.
 */
final class SimConsole {
    /** One line of help for the status view. */
    static final List<String> HELP = List.of(
            "plant: leak N [off] | estop [off] | reset | pump N stop|start | water DEGC | valve PCT|free",
            "       load N KW | offline DEVICE [refuse] | online DEVICE | cut N [off] | weld N [off]",
            "       sensor A|B|C open|short|drift DEGC_PER_MIN|ok (supply temperature sensors) | quit");

    private final SimulatedPod plant;
    private final Runnable quit;

    SimConsole(SimulatedPod plant, Runnable quit) {
        this.plant = plant;
        this.quit = quit;
    }

    /** Executes one typed line; returns what happened, for the status view. */
    String execute(String line) {
        String[] w = line.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (w.length == 0 || w[0].isEmpty()) {
            return "";
        }
        try {
            switch (w[0]) {
                case "leak" -> {
                    int rack = Integer.parseInt(w[1]);
                    boolean on = w.length < 3 || !w[2].equals("off");
                    plant.setLeak(rack, on);
                    return "leak under rack " + rack + (on ? " asserted" : " cleared");
                }
                case "estop" -> {
                    boolean on = w.length < 2 || !w[1].equals("off");
                    plant.setEstopPressed(on);
                    return on ? "E-stop pressed" : "E-stop released (reset it locally: 'reset')";
                }
                case "reset" -> {
                    // A momentary push: the controller's debounce (20 ms) sees it well within 300 ms.
                    plant.setLocalResetPressed(true);
                    Thread.ofVirtual().start(() -> {
                        LockSupport.parkNanos(300_000_000L);
                        plant.setLocalResetPressed(false);
                    });
                    return "local reset button pushed";
                }
                case "pump" -> {
                    int n = Integer.parseInt(w[1]);
                    if (w[2].equals("stop")) {
                        plant.stopPump(n);
                    } else {
                        plant.startPump(n);
                    }
                    return "pump " + n + " " + w[2];
                }
                case "water" -> {
                    double t = Double.parseDouble(w[1]);
                    plant.setFacilityWaterTemperature(t);
                    return "facility water now " + t + " degC";
                }
                case "valve" -> {
                    if (w[1].equals("free")) {
                        plant.setValveStuck(null);
                        return "valve released to the CDU's control";
                    }
                    plant.setValveStuck(Double.parseDouble(w[1]));
                    return "valve stuck at " + w[1] + " %";
                }
                case "load" -> {
                    int rack = Integer.parseInt(w[1]);
                    plant.setRackDemandKw(rack, Double.parseDouble(w[2]));
                    return "rack " + rack + " demand " + w[2] + " kW";
                }
                case "offline" -> {
                    OfflineMode mode = w.length > 2 && w[2].startsWith("refuse") ? OfflineMode.REFUSE_CONNECTIONS
                            : OfflineMode.NO_REPLY;
                    plant.setDeviceOffline(w[1], true, mode);
                    return w[1] + " off-line (" + mode + ")";
                }
                case "online" -> {
                    plant.setDeviceOffline(w[1], false);
                    return w[1] + " back on-line";
                }
                case "cut" -> {
                    int rack = Integer.parseInt(w[1]);
                    int pin = plant.settings().pins().leakPin(rack);
                    if (w.length > 2 && w[2].equals("off")) {
                        plant.repairWire(pin);
                        return "leak cable wire of rack " + rack + " repaired";
                    }
                    plant.breakWire(pin);
                    return "leak cable wire of rack " + rack + " cut (a supervised loop: it trips like a leak)";
                }
                case "weld" -> {
                    int rack = Integer.parseInt(w[1]);
                    boolean on = w.length < 3 || !w[2].equals("off");
                    plant.setContactorStuck(rack, on ? Boolean.TRUE : null);
                    return on ? "rack " + rack + " contactor welded closed (watch output.rack" + rack
                            + ".power.feedback on a trip)" : "rack " + rack + " contactor free again";
                }
                case "sensor" -> {
                    return supplySensor(w);
                }
                case "quit", "exit" -> {
                    quit.run();
                    return "stopping";
                }
                default -> {
                    return "unknown command '" + w[0] + "'";
                }
            }
        } catch (RuntimeException e) {
            return "could not do '" + line.trim() + "': " + e.getMessage();
        }
    }

    /** {@code sensor A|B|C open|short|drift RATE|ok}: one of the CDU's three supply sensors fails, drifts, heals. */
    private String supplySensor(String[] w) {
        SupplySensor sensor = Arrays.stream(SupplySensor.values()).filter(s -> s.name().equalsIgnoreCase(w[1]))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the supply sensors are A, B and C"));
        String name = "supply sensor " + sensor;
        switch (w[2]) {
            case "open" -> {
                plant.failSupplySensor(sensor, SensorFault.OPEN_CIRCUIT);
                return name + " open circuit: reads the end of scale (watch group.cdu.supplyTemp.voted)";
            }
            case "short" -> {
                plant.failSupplySensor(sensor, SensorFault.SHORT_CIRCUIT);
                return name + " short circuit: reads the bottom of scale";
            }
            case "drift" -> {
                double rate = Double.parseDouble(w[3]);
                plant.driftSupplySensor(sensor, rate);
                return name + " drifting " + rate + " degC/min (excluded once it disagrees by 1 degC for 30 s)";
            }
            case "ok" -> {
                plant.repairSupplySensor(sensor);
                return name + " healthy again (it votes again after 30 s in agreement)";
            }
            default -> {
                return "sensor " + sensor + ": open, short, drift DEGC_PER_MIN or ok, not '" + w[2] + "'";
            }
        }
    }
}
