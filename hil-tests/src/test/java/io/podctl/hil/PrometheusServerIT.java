package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podctl.controller.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus server (Debian's package, on 127.0.0.1, a temporary storage directory, 1 s scrapes, the
 * shipped rule file) scrapes {@code podctl sim}; faults injected in the plant show through Prometheus' HTTP API:
 * a leak latches its trip and raises its alarm, an off-line CDU turns the device OFFLINE and derates the pod to
 * the cooling derate's 200 kW, which the scheduler's recording rule then reports as 0 (the pod is tripped).
 */
class PrometheusServerIT {
    private static final Path RULES = Path.of("..", "docs", "prometheus", "podctl-rules.yml").toAbsolutePath();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PodctlSimProcess sim;
    private Process prometheus;
    private int prometheusPort;

    @AfterEach
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void faultsInThePlantShowThroughPrometheus() throws Exception {
        sim = PodctlSimProcess.start();
        startPrometheus(sim.metricsPort());
        await("Prometheus scrapes a ready pod").atMost(DEADLINE).ignoreExceptions().until(() -> value("podctl_ready") == 1);
        await("the start-up trip reset").atMost(DEADLINE).until(() -> value("podctl_trips_latched") == 0);
        assertEquals(0, value("podctl_trip_latched{trip=\"leak.rack2\"}"));
        assertEquals(1, value("podctl_alarm_state{alarm=\"leak.rack2\",state=\"NORMAL\"}"));

        sim.command("leak 2");
        await("the leak trip latched, seen by Prometheus").atMost(DEADLINE)
                .until(() -> value("podctl_trip_latched{trip=\"leak.rack2\"}") == 1);
        await("its alarm raised").atMost(DEADLINE)
                .until(() -> value("podctl_alarm_state{alarm=\"leak.rack2\",state=\"ACTIVE_UNACKED\"}") == 1);
        assertEquals(1, value("podctl_mode{mode=\"TRIPPED\"}"));

        assertEquals(1, value("podctl_device_health{device=\"cdu\",health=\"ONLINE\"}"));
        sim.command("offline cdu");
        await("the CDU off-line").atMost(DEADLINE)
                .until(() -> value("podctl_device_health{device=\"cdu\",health=\"OFFLINE\"}") == 1);
        await("the cooling derate acting").atMost(DEADLINE)
                .until(() -> value("podctl_derate_effect_active{effect=\"derate.cooling\"}") == 1);
        await("the derate at 200 kW").atMost(DEADLINE)
                .until(() -> value("podctl_power_available_watts") == 200_000);
        assertEquals(0, value("podctl:schedulable_power_watts"), "a tripped pod takes no IT load");
    }

    private void startPrometheus(int target) throws IOException {
        Path dir = Files.createTempDirectory("podctl-prometheus");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: podctl
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(RULES, target));
        prometheusPort = FreePorts.reserve();
        prometheus = new ProcessBuilder(PrometheusTools.prometheus().toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort,
                "--log.level=warn").redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        await("Prometheus ready").atMost(DEADLINE).ignoreExceptions().until(() -> get("/-/ready").statusCode() == 200);
    }

    /** The instant value of a query that selects one series, or NaN when it selects none. */
    private double value(String query) throws IOException {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        JsonNode result = JSON.readTree(r.body()).path("data").path("result");
        if (result.size() != 1) {
            return Double.NaN;
        }
        return Double.parseDouble(result.get(0).get("value").get(1).asText());
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + prometheusPort + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
