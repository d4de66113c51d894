package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import java.util.List;

/**
 * Which MQTT identities may issue each command class. A missing or empty section denies everything.
 *
 * @param view        may query (e.g. {@code rebirth})
 * @param operate     may acknowledge and shelve alarms, change modes
 * @param engineer    may change setpoints, bypass interlocks, override outputs in maintenance
 * @param safetyReset may reset latched trips (never local-only ones such as the E-stop)
 */
@Doc("Which MQTT identities may issue each command class; a missing section denies every command.")
public record AuthorizationConfig(
        @Doc("Identities that may query (e.g. rebirth).")
        @Identifier(IdKind.IDENTITY) List<String> view,
        @Doc("Identities that may acknowledge and shelve alarms and change modes.")
        @Identifier(IdKind.IDENTITY) List<String> operate,
        @Doc("Identities that may change setpoints, bypass interlocks and override outputs in maintenance.")
        @Identifier(IdKind.IDENTITY) List<String> engineer,
        @Doc("Identities that may reset latched trips (never local-only ones such as the E-stop).")
        @Identifier(IdKind.IDENTITY) List<String> safetyReset) {
    /** Nobody may do anything. */
    public static final AuthorizationConfig DENY_ALL = new AuthorizationConfig(null, null, null, null);

    public AuthorizationConfig {
        view = view != null ? List.copyOf(view) : List.of();
        operate = operate != null ? List.copyOf(operate) : List.of();
        engineer = engineer != null ? List.copyOf(engineer) : List.of();
        safetyReset = safetyReset != null ? List.copyOf(safetyReset) : List.of();
    }
}
