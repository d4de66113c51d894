package io.podctl.controller.loop;

import io.podctl.controller.commands.CommandInbox;
import io.podctl.hal.Clock;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.SampleBoard;

/**
 * What the {@link ControlLoop} reads: the points, the devices' health, the commands waiting, and the time. None
 * of these blocks the loop: the boards are written by the pollers' threads and read as one snapshot, the inbox
 * is bounded and drained once per cycle.
 *
 * @param board   every point's latest sample, read once per cycle as a consistent snapshot
 * @param devices each device's health and suspect points, as the pollers judge them
 * @param inbox   the commands the intake has accepted, in arrival order
 * @param clock   monotonic time (nanoseconds) for the phases, wall time for events and commands
 */
public record LoopInputs(SampleBoard board, DeviceStatusBoard devices, CommandInbox inbox, Clock clock) {
}
