package io.podctl.controller.cli;

import io.podctl.config.BusConfig;
import io.podctl.config.ConfigLoader;
import io.podctl.config.DeviceConfig;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.controller.scenario.PlantControlServer;
import io.podctl.hal.Clock;
import io.podctl.hal.gpio.remote.RemoteGpioServer;
import io.podctl.hal.sim.SimPodSettings;
import io.podctl.hal.sim.SimulatedPod;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code podctl sim --plant-only}: the simulated plant alone, for a controller in another process or on the board.
 * On {@code --listen HOST:P} it serves the plant's control channel on port P, its GPIO on P+1
 * ({@link RemoteGpioServer}) and its Modbus TCP devices on P-10 .. P-5 (cdu, meter, pdu1..pdu4): with the default
 * 15030 the ports of the bundled sim-pod.yaml. P = 0 makes every port ephemeral; they are printed either way, and
 * {@code --write-pod} writes the pod file a controller runs against them.
 *
 * <p>Threading: the command's thread starts and stops everything; the servers run their own threads.
 */
final class PlantOnly {
    /** The default control port. */
    static final int DEFAULT_PORT = 15030;

    /**
     * The listen parameters.
     *
     * @param listen    HOST or HOST:PORT
     * @param timeScale plant physics speed
     * @param template  the pod file whose buses and GPIO the written pod file repoints, or null for the bundled one
     * @param writePod  where to write the controller's pod file, or null
     * @param brokers   brokers to write into it, possibly empty
     */
    record Settings(String listen, double timeScale, Path template, Path writePod, List<String> brokers) {
    }

    private PlantOnly() {
    }

    /** {@code HOST[:PORT]} as an address, the port {@code defaultPort} when left out; null when malformed. */
    static InetSocketAddress address(String text, int defaultPort) {
        Matcher m = Pattern.compile("^(\\[[^]]+]|[^:\\s]+)(?::(\\d{1,5}))?$").matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        int port = m.group(2) != null ? Integer.parseInt(m.group(2)) : defaultPort;
        if (port > 65535 || port == 0 && m.group(2) == null && defaultPort != 0) {
            return null;
        }
        return new InetSocketAddress(m.group(1).replace("[", "").replace("]", ""), port);
    }

    /** Runs until {@code signals} says stop; 2 on bad options. */
    static int run(Settings s, ProcessSignals signals, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        InetSocketAddress listen = address(s.listen(), DEFAULT_PORT);
        if (listen == null) {
            err.println("--listen " + s.listen() + ": expected HOST or HOST:PORT");
            return 2;
        }
        int p = listen.getPort();
        if (p != 0 && (p < 11 || p > 65534)) {
            err.println("--listen port " + p + ": needs P-10 .. P+1 free for the devices and the GPIO (11..65534)");
            return 2;
        }
        String host = listen.getHostString();
        SimPodSettings settings = SimPodSettings.defaults();
        settings = new SimPodSettings(host, settings.devicePorts(), settings.unitId(), settings.pins(),
                settings.physics());
        List<String> ids = settings.deviceIds();
        for (int i = 0; i < ids.size(); i++) {
            settings = settings.withDevicePort(ids.get(i), p == 0 ? 0 : p - 10 + i);
        }
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            RemoteGpioServer gpio = RemoteGpioServer.start(new InetSocketAddress(host, p == 0 ? 0 : p + 1));
            resources.add(0, gpio);
            SimulatedPod plant = SimulatedPod.start(settings, gpio, Clock.system());
            resources.add(0, plant);
            plant.startRealtime(Duration.ofMillis(50), s.timeScale());
            PlantControlServer control = PlantControlServer.start(plant, gpio, s.timeScale(), listen);
            resources.add(0, control);
            out.printf("plant control on %s  (unauthenticated: reachable by whoever reaches %s)%n",
                    text(control.endpoint()), host);
            out.printf("remote GPIO on %s%n", text(gpio.endpoint()));
            for (String id : ids) {
                out.printf("Modbus TCP %s on %s%n", id, text(plant.endpoint(id)));
            }
            if (s.writePod() != null) {
                String pod = podFile(template(s.template()), plant, gpio.endpoint(), s.brokers());
                Files.writeString(s.writePod(), pod, StandardCharsets.UTF_8);
                LoadResult check = new ConfigLoader().load(s.writePod());
                if (!(check instanceof LoadResult.Valid)) {
                    err.println("the pod file written to " + s.writePod() + " is not valid: " + check);
                    return 2;
                }
                out.printf("pod file for the controller: %s  (podctl run --config %s)%n", s.writePod(), s.writePod());
            }
            out.flush();
            signals.awaitStop();
        } finally {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    // stopping the rest matters more
                }
            }
        }
        out.println("plant stopped");
        out.flush();
        return 0;
    }

    private static String text(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    private static String template(Path file) throws IOException {
        if (file != null) {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        try (InputStream in = ConfigLoader.class.getClassLoader()
                .getResourceAsStream(ConfigLoader.EXAMPLES_RESOURCE_DIR + "sim-pod.yaml")) {
            if (in == null) {
                throw new IOException("the bundled sim-pod.yaml is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The template with each device's bus pointed at the plant's server of that device, {@code gpio.remote} at the
     * GPIO server and, when given, the brokers listed: line edits, so the comments stay.
     */
    static String podFile(String template, SimulatedPod plant, InetSocketAddress gpio, List<String> brokers) {
        LoadResult loaded = new ConfigLoader().parse(template, "the template pod file");
        if (!(loaded instanceof LoadResult.Valid valid)) {
            throw new IllegalArgumentException("the template pod file is not valid: " + loaded);
        }
        PodConfig config = valid.config();
        String text = template;
        for (DeviceConfig d : config.devices()) {
            BusConfig bus = config.buses().stream().filter(b -> b.id().equals(d.bus())).findFirst().orElseThrow();
            if (!bus.isTcp() || !plant.deviceIds().contains(d.id())) {
                continue;
            }
            InetSocketAddress e = plant.endpoint(d.id());
            Matcher m = Pattern.compile("(- id: " + Pattern.quote(bus.id()) + "\\s*\\n\\s*)tcp: \\{[^}]*}")
                    .matcher(text);
            if (!m.find()) {
                throw new IllegalArgumentException("bus " + bus.id() + ": no 'tcp: {host: .., port: ..}' line after"
                        + " '- id: " + bus.id() + "' to repoint");
            }
            text = text.substring(0, m.start()) + m.group(1) + "tcp: {host: " + e.getHostString() + ", port: "
                    + e.getPort() + "}" + text.substring(m.end());
        }
        text = text.replaceFirst("(?m)^gpio:\\s*$", "gpio:\n  remote: {host: " + gpio.getHostString() + ", port: "
                + gpio.getPort() + "}   # podctl sim --plant-only");
        if (!brokers.isEmpty()) {
            text = text.replaceFirst("(?m)^mqtt:\\s*$", "mqtt:\n  brokers: [" + String.join(", ", brokers) + "]");
        }
        return text;
    }
}
