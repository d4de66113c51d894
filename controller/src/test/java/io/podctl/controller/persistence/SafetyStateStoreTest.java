package io.podctl.controller.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.safety.AlarmState;
import io.podctl.controller.safety.SafetyMemory;
import io.podctl.controller.safety.Severity;
import io.podctl.controller.safety.TripView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safety state survives a restart; a damaged file is set aside, never trusted or silently replaced. */
class SafetyStateStoreTest {
    @TempDir
    Path dir;

    private static SafetyMemory sample() {
        return new SafetyMemory(
                List.of(new TripView("estop", "estop active", 1234, true, true, true),
                        new TripView("leak.rack2", "leak.rack2 active", 1240, false, false, true)),
                List.of(new SafetyMemory.AlarmMemory("cdu.flow.low", AlarmState.ACTIVE_ACKED, Severity.ALARM,
                        "cdu.flow 240.00 L/min <= alarm level 250.00", 1250)),
                List.of(new SafetyMemory.ExemptionMemory("pdu1.power.high", "known fault", "operator", 9_000)),
                List.of(new SafetyMemory.ExemptionMemory("meter.power.high", "meter swap", "engineer", 9_500)),
                List.of(new SafetyMemory.ExemptionMemory("cdu.flow.low", "sensor replacement", "engineer", 10_000)),
                "contactor test (engineer)", Map.of("rack4.power", 80_000.0));
    }

    @Test
    void everythingRememberedIsReadBackAfterARestart() throws Exception {
        SafetyStateStore store = new SafetyStateStore(dir);
        assertEquals(SafetyStateStore.LoadStatus.MISSING, store.load().status());
        SafetyMemory memory = sample();
        store.write(memory);

        SafetyStateStore.Loaded loaded = new SafetyStateStore(dir).load();
        assertEquals(SafetyStateStore.LoadStatus.LOADED, loaded.status());
        assertEquals(memory, loaded.memory());
        assertFalse(Files.exists(dir.resolve(SafetyStateStore.FILE + ".tmp")), "the temporary file is renamed away");
    }

    @Test
    void aCorruptFileIsSetAsideAndReported() throws Exception {
        Files.writeString(dir.resolve(SafetyStateStore.FILE), "{\"format\":2,\"trips\":[{\"id\":\"estop\"");
        SafetyStateStore.Loaded loaded = new SafetyStateStore(dir).load();
        assertEquals(SafetyStateStore.LoadStatus.CORRUPT, loaded.status());
        assertTrue(loaded.memory().trips().isEmpty());
        assertFalse(Files.exists(dir.resolve(SafetyStateStore.FILE)));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith(SafetyStateStore.FILE + ".corrupt-")),
                    loaded.detail());
        }
    }

    @Test
    void aFileOfAnotherFormatOrWithUnknownStatesIsNotTrusted() throws Exception {
        Files.writeString(dir.resolve(SafetyStateStore.FILE), "{\"format\":99,\"trips\":[]}");
        assertEquals(SafetyStateStore.LoadStatus.CORRUPT, new SafetyStateStore(dir).load().status());
        Files.writeString(dir.resolve(SafetyStateStore.FILE), "{\"format\":2,\"trips\":[],\"alarms\":[{\"id\":\"a\","
                + "\"state\":\"SLEEPING\",\"severity\":\"ALARM\"}],\"shelved\":[],\"outOfService\":[],\"bypasses\":[],"
                + "\"shed\":[]}");
        assertEquals(SafetyStateStore.LoadStatus.CORRUPT, new SafetyStateStore(dir).load().status());
    }

    @Test
    void aLeftoverTemporaryFileFromACrashDoesNotHideTheLastGoodState() throws Exception {
        SafetyStateStore store = new SafetyStateStore(dir);
        store.write(sample());
        // A crash between writing the temporary file and renaming it leaves a partial temporary file.
        Files.writeString(dir.resolve(SafetyStateStore.FILE + ".tmp"), "{\"format\":2,\"tri");
        SafetyStateStore.Loaded loaded = new SafetyStateStore(dir).load();
        assertEquals(SafetyStateStore.LoadStatus.LOADED, loaded.status());
        assertEquals("estop", loaded.memory().trips().get(0).id());
    }
}
