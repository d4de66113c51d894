package io.podctl.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was while the bench measured, so that its figures can be read: the CPUs busy in total
 * (from /proc/stat), the share of this JVM (its process CPU time), and what is left, other processes (on a shared
 * machine: other builds). Linux only; elsewhere the figures are NaN.
 *
 * @param busyJiffies  non-idle time of all CPUs, in clock ticks
 * @param totalJiffies all time of all CPUs, in clock ticks
 * @param stealJiffies time the hypervisor gave to others, in clock ticks
 * @param processNanos this JVM's CPU time
 * @param wallNanos    monotonic time of the sample
 */
record CpuUsage(long busyJiffies, long totalJiffies, long stealJiffies, long processNanos, long wallNanos) {

    /**
     * Average load between two samples.
     *
     * @param cpusBusy     CPUs busy on average, all processes
     * @param cpusThisJvm  CPUs busy on average with this JVM (the controller, the plant, the bench, its load)
     * @param cpusOthers   the rest: other processes, the broker included
     * @param stealPercent share of CPU time taken by the hypervisor for other guests
     */
    record Load(double cpusBusy, double cpusThisJvm, double cpusOthers, double stealPercent) {
        static final Load UNKNOWN = new Load(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** A sample now. */
    static CpuUsage sample() {
        long busy = -1;
        long total = -1;
        long steal = 0;
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0); // "cpu  user nice system idle iowait ..."
            String[] f = first.trim().split("\\s+");
            total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            busy = total - idle;
            steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
        } catch (IOException | RuntimeException e) {
            // not Linux: the load is reported as unknown
        }
        long process = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new CpuUsage(busy, total, steal, process, System.nanoTime());
    }

    /** The average load from {@code this} sample to {@code later}. */
    Load until(CpuUsage later) {
        long dTotal = later.totalJiffies - totalJiffies;
        double wall = (later.wallNanos - wallNanos) / 1e9;
        if (totalJiffies < 0 || dTotal <= 0 || wall <= 0) {
            return Load.UNKNOWN;
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        double busy = (double) (later.busyJiffies - busyJiffies) / dTotal * cpus;
        double jvm = processNanos < 0 ? Double.NaN : (later.processNanos - processNanos) / 1e9 / wall;
        double steal = 100.0 * (later.stealJiffies - stealJiffies) / dTotal;
        return new Load(busy, jvm, Math.max(0, busy - jvm), steal);
    }
}
