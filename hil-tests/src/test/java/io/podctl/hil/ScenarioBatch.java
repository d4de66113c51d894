package io.podctl.hil;

import io.podctl.controller.scenario.ScenarioLoader;
import io.podctl.controller.scenario.ScenarioResult;
import io.podctl.controller.scenario.ScenarioRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs scenarios a few at a time, each against its own simulated pod and broker (a scenario spends most of its time
 * waiting on the plant, so two side by side cost the machine little). Each run has a runner and progress lines of
 * its own; the lines are appended to {@code progress} in the order the scenarios were given.
 *
 * <p>Threading: call from one thread; the runs happen on the batch's own threads.
 */
final class ScenarioBatch {
    /** Scenarios run at once. */
    static final int PARALLEL = 2;

    private ScenarioBatch() {
    }

    /** Runs every scenario of {@code named} and returns the results by the same names, in the same order. */
    static Map<String, ScenarioResult> run(Map<String, ScenarioLoader.Loaded> named, StringWriter progress) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, r -> {
            Thread t = new Thread(r, "scenario-batch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<String> names = new ArrayList<>(named.keySet());
            List<Future<ScenarioResult>> futures = new ArrayList<>();
            List<StringWriter> lines = new ArrayList<>();
            for (String name : names) {
                StringWriter w = new StringWriter();
                lines.add(w);
                ScenarioLoader.Loaded scenario = named.get(name);
                futures.add(pool.submit(() -> new ScenarioRunner(new PrintWriter(w, true), null).run(scenario)));
            }
            Map<String, ScenarioResult> results = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                results.put(names.get(i), futures.get(i).get());
                synchronized (progress) {
                    progress.append(lines.get(i).toString());
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while scenarios ran", e);
        } catch (ExecutionException e) {
            throw new AssertionError("a scenario run threw", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
