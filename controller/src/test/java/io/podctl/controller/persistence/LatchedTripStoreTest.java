package io.podctl.controller.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.safety.TripView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Latched trips survive a restart; a damaged file is set aside, never trusted or silently replaced. */
class LatchedTripStoreTest {
    @TempDir
    Path dir;

    @Test
    void latchedTripsWrittenAreReadBackAfterARestart() throws Exception {
        LatchedTripStore store = new LatchedTripStore(dir);
        assertEquals(LatchedTripStore.LoadStatus.MISSING, store.load().status());
        store.write(List.of(new TripView("estop", "estop active", 1234, true, true, true),
                new TripView("leak.rack2", "leak.rack2 active", 1240, false, false, true)));

        LatchedTripStore.Loaded loaded = new LatchedTripStore(dir).load();
        assertEquals(LatchedTripStore.LoadStatus.LOADED, loaded.status());
        assertEquals(List.of("estop", "leak.rack2"), loaded.trips().stream().map(TripView::id).toList());
        assertTrue(loaded.trips().get(0).localResetOnly());
        assertTrue(loaded.trips().get(0).firstOut());
        assertEquals(1234, loaded.trips().get(0).latchedWallMillis());
        assertFalse(Files.exists(dir.resolve("trips.json.tmp")), "the temporary file is renamed away");
    }

    @Test
    void aCorruptFileIsSetAsideAndReported() throws Exception {
        Files.writeString(dir.resolve("trips.json"), "{\"format\":1,\"trips\":[{\"id\":\"estop\"");
        LatchedTripStore.Loaded loaded = new LatchedTripStore(dir).load();
        assertEquals(LatchedTripStore.LoadStatus.CORRUPT, loaded.status());
        assertTrue(loaded.trips().isEmpty());
        assertFalse(Files.exists(dir.resolve("trips.json")));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("trips.json.corrupt-")),
                    loaded.detail());
        }
    }

    @Test
    void aFileOfAnotherFormatIsNotTrusted() throws Exception {
        Files.writeString(dir.resolve("trips.json"), "{\"format\":99,\"trips\":[]}");
        assertEquals(LatchedTripStore.LoadStatus.CORRUPT, new LatchedTripStore(dir).load().status());
    }

    @Test
    void aLeftoverTemporaryFileFromACrashDoesNotHideTheLastGoodState() throws Exception {
        LatchedTripStore store = new LatchedTripStore(dir);
        store.write(List.of(new TripView("estop", "estop active", 1, true, true, true)));
        // A crash between writing the temporary file and renaming it leaves a partial temporary file.
        Files.writeString(dir.resolve("trips.json.tmp"), "{\"format\":1,\"tri");
        LatchedTripStore.Loaded loaded = new LatchedTripStore(dir).load();
        assertEquals(LatchedTripStore.LoadStatus.LOADED, loaded.status());
        assertEquals("estop", loaded.trips().get(0).id());
    }
}
