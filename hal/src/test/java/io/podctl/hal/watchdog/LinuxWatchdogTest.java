package io.podctl.hal.watchdog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The device protocol, checked against a plain file standing in for /dev/watchdog (the real device would
 * reset this machine), and against /dev/full for a device that refuses writes.
 */
class LinuxWatchdogTest {
    @TempDir
    Path dir;

    private Path device() throws IOException {
        return Files.createFile(dir.resolve("watchdog"));
    }

    @Test
    void feedsWriteOneKeepaliveByteEachAndCloseWritesTheMagicV() throws IOException {
        Path device = device();
        LinuxWatchdog dog = LinuxWatchdog.open(device, dir.resolve("none"), Duration.ofSeconds(15));
        dog.feed();
        dog.feed();
        dog.feed();
        dog.close();
        dog.feed();
        dog.close();
        assertEquals("...V", Files.readString(device, StandardCharsets.US_ASCII));
    }

    @Test
    void timeoutIsReadFromSysfsWhenPresent() throws IOException {
        Path timeoutFile = Files.writeString(dir.resolve("timeout"), "10\n");
        try (LinuxWatchdog dog = LinuxWatchdog.open(device(), timeoutFile, Duration.ofSeconds(15))) {
            assertEquals(Duration.ofSeconds(10), dog.timeout());
        }
    }

    @Test
    void timeoutFallsBackWhenSysfsIsAbsentOrGarbled() throws IOException {
        Path device = device();
        try (LinuxWatchdog dog = LinuxWatchdog.open(device, dir.resolve("missing"), Duration.ofSeconds(15))) {
            assertEquals(Duration.ofSeconds(15), dog.timeout());
        }
        Path garbled = Files.writeString(dir.resolve("garbled"), "fifteen");
        try (LinuxWatchdog dog = LinuxWatchdog.open(device, garbled, Duration.ofSeconds(7))) {
            assertEquals(Duration.ofSeconds(7), dog.timeout());
        }
    }

    @Test
    void aMissingDeviceIsAnErrorAndIsNeverCreated() {
        Path missing = dir.resolve("watchdog-missing");
        assertThrows(NoSuchFileException.class,
                () -> LinuxWatchdog.open(missing, dir.resolve("t"), Duration.ofSeconds(15)));
        assertFalse(Files.exists(missing));
    }

    @Test
    void aFailingFeedIsCountedNotThrown() throws IOException {
        // Every write to /dev/full fails with ENOSPC.
        try (LinuxWatchdog dog = LinuxWatchdog.open(Path.of("/dev/full"), dir.resolve("t"), Duration.ofSeconds(15))) {
            dog.feed();
            dog.feed();
            assertEquals(2, dog.feedFailures());
        }
    }
}
