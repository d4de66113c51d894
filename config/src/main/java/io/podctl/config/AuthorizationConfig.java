package io.podctl.config;

import java.util.List;

/**
 * Which MQTT identities may issue each command class. A missing or empty section denies everything.
 *
 * @param view        may query (e.g. {@code rebirth})
 * @param operate     may acknowledge and shelve alarms, change modes
 * @param engineer    may change setpoints, bypass interlocks, override outputs in maintenance
 * @param safetyReset may reset latched trips (never local-only ones such as the E-stop)
 */
public record AuthorizationConfig(List<String> view, List<String> operate, List<String> engineer,
                                  List<String> safetyReset) {
    /** Nobody may do anything. */
    public static final AuthorizationConfig DENY_ALL = new AuthorizationConfig(null, null, null, null);

    public AuthorizationConfig {
        view = view != null ? List.copyOf(view) : List.of();
        operate = operate != null ? List.copyOf(operate) : List.of();
        engineer = engineer != null ? List.copyOf(engineer) : List.of();
        safetyReset = safetyReset != null ? List.copyOf(safetyReset) : List.of();
    }
}
