package io.podctl.controller.loop;

import io.podctl.controller.bootstrap.PodRuntime;

/**
 * Test fixture, never used: a loop class that reaches up into the composition root, which
 * {@code ControllerPackagesTest} must refuse.
 */
final class ArchFixtureLoopBuildingItsWorld {
    private PodRuntime runtime;

    void close() {
        runtime.close();
    }
}
