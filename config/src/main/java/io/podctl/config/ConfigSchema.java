package io.podctl.config;

import io.podctl.config.internal.SchemaWriter;

/**
 * JSON Schemas (draft-07) of the pod file and of profile files, generated from the same model the loader
 * validates with, for editors: VS Code's YAML extension picks one up with a first line such as
 * {@code # yaml-language-server: $schema=podctl.schema.json}. The schema covers keys, types, enums, bounds and
 * patterns; cross-field rules (references, overlaps, alarm before trip) are checked by {@link ConfigLoader} only.
 * Thread-safe.
 */
public final class ConfigSchema {
    private ConfigSchema() {
    }

    /** The schema of a pod configuration file, as JSON text. */
    public static String jsonSchema() {
        return SchemaWriter.write(PodConfig.class, "podctl pod configuration");
    }

    /** The schema of a device profile file, as JSON text. */
    public static String profileJsonSchema() {
        return SchemaWriter.write(DeviceProfile.class, "podctl device profile");
    }
}
