package io.podctl.config.internal;

import io.podctl.config.Durations;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;

/**
 * Binds a checked JSON tree to the records with Jackson. The structural pass has already proven the shape,
 * so a failure here is a bug; it is still reported as a problem, never thrown. Thread-safe.
 */
public final class Binder {
    private final ObjectMapper mapper;

    /** A binder that reads durations in the file's syntax. */
    public Binder() {
        SimpleModule durations = new SimpleModule("podctl-durations");
        durations.addDeserializer(Duration.class, new DurationDeserializer());
        mapper = JsonMapper.builder()
                .addModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    /** The bound record, or null with a problem at {@code where}. */
    public <T> T bind(JsonNode json, Class<T> type, Loc where, Problems problems) {
        try {
            return mapper.treeToValue(json, type);
        } catch (IOException | IllegalArgumentException e) {
            problems.error(where, "internal", "the checked file could not be bound (please report this): "
                    + e.getMessage());
            return null;
        }
    }

    private static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            return Durations.parse(text == null ? "" : text).orElseThrow(
                    () -> new IllegalArgumentException("not a duration: " + text));
        }
    }
}
