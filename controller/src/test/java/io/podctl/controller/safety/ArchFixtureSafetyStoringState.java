package io.podctl.controller.safety;

import io.podctl.controller.persistence.SafetyStateStore;

/**
 * Test fixture, never used: a safety class that writes the state file itself, reaching up into persistence,
 * which {@code ControllerPackagesTest} must refuse (and, being no declared part, {@link SafetyPartsTest} too).
 */
final class ArchFixtureSafetyStoringState {
    private SafetyStateStore store;

    void close() {
        store.close();
    }
}
