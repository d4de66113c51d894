package io.podctl.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The machine a bench ran on, as the docs report it next to the figures: CPU model and count, memory, JDK,
 * garbage collector, OS, date. Read from /proc and /etc/os-release where present (Linux), otherwise from the JVM.
 *
 * @param cpuModel   the first "model name" of /proc/cpuinfo, or os.arch
 * @param cpus       processors available to the JVM (what {@code nproc} prints)
 * @param virtual    whether the CPU reports running under a hypervisor
 * @param memTotal   MemTotal of /proc/meminfo, e.g. "23.4 GiB", or "unknown"
 * @param jdk        vendor, VM name and version
 * @param gc         the collectors in use
 * @param maxHeap    the JVM's maximum heap, e.g. "5.9 GiB"
 * @param os         PRETTY_NAME of /etc/os-release and the kernel version
 * @param date       when the bench started, UTC
 */
record MachineInfo(String cpuModel, int cpus, boolean virtual, String memTotal, String jdk, String gc,
                   String maxHeap, String os, String date) {

    static MachineInfo read(Instant startedAt) {
        List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
        String model = cpuinfo.stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(System.getProperty("os.arch"));
        boolean virtual = cpuinfo.stream().anyMatch(l -> l.startsWith("flags") && l.contains(" hypervisor"));
        String mem = lines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> gib(Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)).orElse("unknown");
        String pretty = lines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                .findFirst().map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", ""))
                .orElse(System.getProperty("os.name"));
        String jdk = System.getProperty("java.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version");
        String gc = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        return new MachineInfo(model, Runtime.getRuntime().availableProcessors(), virtual, mem, jdk, gc,
                gib(Runtime.getRuntime().maxMemory()), pretty + ", Linux kernel " + System.getProperty("os.version"),
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC)
                        .format(startedAt));
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
