package io.podctl.controller.safety;

/**
 * Test fixture, never used: a class placed among the parts that judge inputs which reads the alarm book, a
 * part above it. {@link SafetyPartsTest} must refuse it.
 */
final class ArchFixtureJudgementReadingAlarms {
    private AlarmBook alarms;

    boolean inService() {
        return alarms.inService(0);
    }
}
