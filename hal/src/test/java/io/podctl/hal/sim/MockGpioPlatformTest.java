package io.podctl.hal.sim;

import io.podctl.hal.gpio.DigitalIn;
import io.podctl.hal.gpio.DigitalOut;
import io.podctl.hal.gpio.GpioException;
import io.podctl.hal.gpio.InputPinSpec;
import io.podctl.hal.gpio.OutputPinSpec;
import io.podctl.hal.gpio.Pull;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MockGpioPlatformTest {
    private final MockGpioPlatform gpio = MockGpioPlatform.create();

    @AfterEach
    void closePlatform() {
        gpio.close();
    }

    @Test
    void inputFollowsTheLevelThePlantSets() {
        DigitalIn leak = gpio.input(new InputPinSpec("leak.rack1", 17, Pull.UP));
        gpio.setInputLevel(17, false);
        assertFalse(leak.readLevel());
        gpio.setInputLevel(17, true);
        assertTrue(leak.readLevel());
    }

    @Test
    void levelSetBeforeProvisioningIsAppliedWhenTheControllerProvisionsThePin() {
        gpio.setInputLevel(24, true);
        gpio.setInputLevel(25, false);
        DigitalIn estop = gpio.input(new InputPinSpec("estop", 24, Pull.DOWN));
        DigitalIn reset = gpio.input(new InputPinSpec("reset", 25, Pull.UP));
        assertTrue(estop.readLevel());
        assertFalse(reset.readLevel());
    }

    @Test
    void anUndrivenInputSitsAtItsBiasLevel() {
        assertTrue(gpio.input(new InputPinSpec("up", 5, Pull.UP)).readLevel());
        assertFalse(gpio.input(new InputPinSpec("down", 6, Pull.DOWN)).readLevel());
        assertFalse(gpio.input(new InputPinSpec("none", 7, Pull.NONE)).readLevel());
    }

    @Test
    void activeHighOutputStartsDeEnergizedAndDrivesHighWhenEnergized() {
        DigitalOut contactor = gpio.output(new OutputPinSpec("rack1.contactor", 5, false));
        assertFalse(gpio.outputLevel(5));
        assertFalse(contactor.readBackEnergized());
        assertFalse(contactor.isCommandedEnergized());

        contactor.setEnergized(true);
        assertTrue(gpio.outputLevel(5));
        assertTrue(contactor.readBackEnergized());
        assertTrue(contactor.isCommandedEnergized());

        contactor.setEnergized(false);
        assertFalse(gpio.outputLevel(5));
        assertFalse(contactor.readBackEnergized());
    }

    @Test
    void activeLowOutputStartsHighAndDrivesLowWhenEnergized() {
        DigitalOut relay = gpio.output(new OutputPinSpec("relay", 6, true));
        assertTrue(gpio.outputLevel(6), "de-energized active-low output sits high");
        assertFalse(relay.readBackEnergized());

        relay.setEnergized(true);
        assertFalse(gpio.outputLevel(6));
        assertTrue(relay.readBackEnergized());
    }

    @Test
    void closingThePlatformLeavesEveryOutputDeEnergized() {
        DigitalOut high = gpio.output(new OutputPinSpec("a", 5, false));
        DigitalOut low = gpio.output(new OutputPinSpec("b", 6, true));
        high.setEnergized(true);
        low.setEnergized(true);

        gpio.close();

        assertFalse(gpio.outputLevel(5));
        assertTrue(gpio.outputLevel(6));
        assertThrows(GpioException.class, () -> gpio.output(new OutputPinSpec("c", 13, false)));
        assertThrows(GpioException.class, () -> high.setEnergized(true), "a late command cannot re-energize");
        assertFalse(gpio.outputLevel(5));
        high.close();
        assertFalse(high.readBackEnergized());
    }

    @Test
    void closingAnOutputDeEnergizesItAndFreesThePin() {
        DigitalOut out = gpio.output(new OutputPinSpec("beacon", 26, false));
        out.setEnergized(true);
        out.close();
        assertFalse(gpio.outputLevel(26));
        assertThrows(GpioException.class, () -> out.setEnergized(true));

        DigitalOut again = gpio.output(new OutputPinSpec("beacon", 26, false));
        again.setEnergized(true);
        assertTrue(gpio.outputLevel(26));
    }

    @Test
    void provisioningAPinTwiceIsAClearError() {
        gpio.input(new InputPinSpec("leak.rack1", 17, Pull.UP));
        GpioException sameKind = assertThrows(GpioException.class,
                () -> gpio.input(new InputPinSpec("leak.rack2", 17, Pull.UP)));
        assertEquals("BCM pin 17 is already provisioned as input 'leak.rack1'; cannot provision 'leak.rack2' on it",
                sameKind.getMessage());

        GpioException otherKind = assertThrows(GpioException.class,
                () -> gpio.output(new OutputPinSpec("rack1.contactor", 17, false)));
        assertTrue(otherKind.getMessage().contains("already provisioned as input 'leak.rack1'"),
                otherKind.getMessage());
    }

    @Test
    void reusingAnIdOnAnotherPinIsRefusedByPi4jAndWrapped() {
        gpio.input(new InputPinSpec("estop", 24, Pull.UP));
        GpioException e = assertThrows(GpioException.class,
                () -> gpio.input(new InputPinSpec("estop", 25, Pull.UP)));
        assertTrue(e.getMessage().contains("cannot provision input 'estop' on BCM pin 25"), e.getMessage());
        assertTrue(e.getCause().getClass().getName().startsWith("com.pi4j"), String.valueOf(e.getCause()));
    }

    @Test
    void relayDropOutDeEnergizesOutputsButLeavesTheCommandSoReadBackDisagrees() {
        DigitalOut contactor = gpio.output(new OutputPinSpec("rack1.contactor", 5, false));
        DigitalOut activeLow = gpio.output(new OutputPinSpec("relay", 6, true));
        contactor.setEnergized(true);
        activeLow.setEnergized(true);

        gpio.forceOutputsDeEnergized();

        assertFalse(gpio.outputLevel(5));
        assertTrue(gpio.outputLevel(6));
        assertTrue(contactor.isCommandedEnergized());
        assertFalse(contactor.readBackEnergized());
        assertFalse(activeLow.readBackEnergized());
    }

    @Test
    void aClosedInputCannotBeReadAndItsPinIsFree() {
        DigitalIn in = gpio.input(new InputPinSpec("door", 22, Pull.UP));
        in.close();
        assertThrows(GpioException.class, in::readLevel);
        gpio.setInputLevel(22, false);
        assertFalse(gpio.input(new InputPinSpec("door", 22, Pull.UP)).readLevel());
    }

    @Test
    void twoPlatformsInOneJvmAreIndependent() {
        MockGpioPlatform other = MockGpioPlatform.create();
        try {
            DigitalOut mine = gpio.output(new OutputPinSpec("rack1.contactor", 5, false));
            DigitalOut theirs = other.output(new OutputPinSpec("rack1.contactor", 5, false));
            mine.setEnergized(true);
            assertTrue(gpio.outputLevel(5));
            assertFalse(other.outputLevel(5));
            theirs.setEnergized(true);
        } finally {
            other.close();
        }
        assertFalse(other.outputLevel(5));
        assertTrue(gpio.outputLevel(5), "closing one platform leaves the other alone");
    }

    @Test
    void anUnprovisionedOutputReadsLow() {
        assertFalse(gpio.outputLevel(19));
    }
}
