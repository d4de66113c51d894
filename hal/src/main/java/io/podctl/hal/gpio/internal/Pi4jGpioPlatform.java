package io.podctl.hal.gpio.internal;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputProvider;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import io.podctl.hal.gpio.DigitalIn;
import io.podctl.hal.gpio.DigitalOut;
import io.podctl.hal.gpio.GpioException;
import io.podctl.hal.gpio.GpioPlatform;
import io.podctl.hal.gpio.InputPinSpec;
import io.podctl.hal.gpio.OutputPinSpec;
import io.podctl.hal.gpio.Pull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link GpioPlatform} over one explicit Pi4J context: the given digital input and output providers are
 * added by hand ({@code Pi4J.newContextBuilder().noAutoDetect().add(...)}), so what runs is exactly what
 * was chosen — gpiod on a board, the mock provider in simulation — never whatever the classpath offers.
 *
 * <p>Pi4J's registry refuses a second I/O on the same address of the same type, but an input and an
 * output on one pin are different types to it; this class therefore keeps its own pin table and refuses
 * any second use of a BCM pin with a message naming the first user.
 *
 * <p>Threading: provisioning, release and {@link #close()} are serialized on one lock. Each pin's state is
 * read and written while holding that pin's Pi4J object as monitor, because Pi4J's base classes keep the
 * state in a plain field (no memory barrier of their own); this gives the sampler thread, the loop thread
 * and the simulator thread a consistent view.
 */
public class Pi4jGpioPlatform implements GpioPlatform {
    private static final Logger log = LoggerFactory.getLogger(Pi4jGpioPlatform.class);

    private final String description;
    private final Context context;
    private final DigitalInputProvider inputProvider;
    private final DigitalOutputProvider outputProvider;
    private final Object lock = new Object();
    /** BCM pin to the handle that holds it; guarded by {@link #lock}. */
    private final Map<Integer, Object> pinsInUse = new HashMap<>();
    private volatile boolean closed;

    /**
     * Builds a Pi4J context holding exactly these two providers.
     *
     * @throws GpioException when Pi4J cannot start (e.g. the gpiod native library is missing on this
     *                       machine)
     */
    public Pi4jGpioPlatform(String description, DigitalInputProvider inputProvider,
                            DigitalOutputProvider outputProvider) {
        this.description = Objects.requireNonNull(description, "description");
        this.inputProvider = Objects.requireNonNull(inputProvider, "inputProvider");
        this.outputProvider = Objects.requireNonNull(outputProvider, "outputProvider");
        try {
            this.context = Pi4J.newContextBuilder()
                    .noAutoDetect()
                    .add(inputProvider, outputProvider)
                    .build();
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: the gpiod provider loads a native library, absent on non-ARM machines.
            throw new GpioException("cannot start the Pi4J context (" + description + "): " + e, e);
        }
    }

    /** A platform over Pi4J's gpiod providers (Linux GPIO character device). */
    public static Pi4jGpioPlatform gpiod() {
        try {
            return new Pi4jGpioPlatform("pi4j gpiod", GpioDDigitalInputProvider.newInstance(),
                    GpioDDigitalOutputProvider.newInstance());
        } catch (LinkageError e) {
            throw new GpioException("the Pi4J gpiod provider cannot load on this machine: " + e, e);
        }
    }

    @Override
    public DigitalIn input(InputPinSpec spec) {
        Objects.requireNonNull(spec, "spec");
        synchronized (lock) {
            claim(spec.pin(), spec.id());
            DigitalInput line;
            try {
                line = inputProvider.create(DigitalInput.newConfigBuilder(context)
                        .id(spec.id())
                        .name(spec.id())
                        .address(spec.pin())
                        .pull(pullOf(spec.pull()))
                        // Debouncing happens above the HAL on raw samples; Pi4J's only affects events.
                        .debounce(0L)
                        .build());
            } catch (RuntimeException | LinkageError e) {
                throw new GpioException("cannot provision input '" + spec.id() + "' on BCM pin " + spec.pin()
                        + " (" + description + "): " + e.getMessage(), e);
            }
            Pi4jDigitalIn handle = new Pi4jDigitalIn(this, spec, line);
            pinsInUse.put(spec.pin(), handle);
            onInputProvisioned(spec, line);
            return handle;
        }
    }

    @Override
    public DigitalOut output(OutputPinSpec spec) {
        Objects.requireNonNull(spec, "spec");
        synchronized (lock) {
            claim(spec.pin(), spec.id());
            DigitalState safe = Pi4jDigitalOut.levelFor(false, spec.activeLow());
            DigitalOutput line;
            try {
                line = outputProvider.create(DigitalOutput.newConfigBuilder(context)
                        .id(spec.id())
                        .name(spec.id())
                        .address(spec.pin())
                        // The line is requested at its de-energized level (no glitch at start-up), and
                        // Pi4J puts it back there when the context shuts down.
                        .initial(safe)
                        .shutdown(safe)
                        .build());
            } catch (RuntimeException | LinkageError e) {
                throw new GpioException("cannot provision output '" + spec.id() + "' on BCM pin " + spec.pin()
                        + " (" + description + "): " + e.getMessage(), e);
            }
            Pi4jDigitalOut handle = new Pi4jDigitalOut(this, spec, line);
            pinsInUse.put(spec.pin(), handle);
            onOutputProvisioned(spec, handle);
            return handle;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * De-energizes every output still provisioned, then shuts the Pi4J context down (which applies each
     * output's shutdown state, the de-energized level, once more). Idempotent; failures are logged.
     */
    @Override
    public void close() {
        List<Object> handles;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            handles = new ArrayList<>(pinsInUse.values());
        }
        // closed is already set, so a concurrent setEnergized(true) either lands before this and is
        // undone here, or fails.
        for (Object h : handles) {
            if (h instanceof Pi4jDigitalOut out) {
                try {
                    out.forceDeEnergizedLevel();
                } catch (RuntimeException e) {
                    log.error("could not de-energize output '{}' while closing {}", out.id(), description, e);
                }
            }
        }
        synchronized (lock) {
            try {
                context.shutdown();
            } catch (RuntimeException e) {
                log.error("Pi4J context shutdown failed ({})", description, e);
            }
            pinsInUse.clear();
        }
    }

    /** Called with the platform lock held, after an input was provisioned; the simulation hooks in here. */
    protected void onInputProvisioned(InputPinSpec spec, DigitalInput line) {
    }

    /** Called with the platform lock held, after an output was provisioned. */
    protected void onOutputProvisioned(OutputPinSpec spec, Pi4jDigitalOut handle) {
    }

    /** Called with the platform lock held, after a pin was released. */
    protected void onReleased(int pin) {
    }

    /** Whether {@link #close()} has begun. */
    public final boolean isClosed() {
        return closed;
    }

    /** The lock that serializes provisioning; subclasses use it to stay consistent with the pin table. */
    protected final Object lock() {
        return lock;
    }

    void release(int pin, Object handle, String id) {
        synchronized (lock) {
            if (closed || pinsInUse.get(pin) != handle) {
                return;
            }
            try {
                context.shutdown(id);
            } catch (RuntimeException e) {
                log.error("Pi4J could not release '{}' on BCM pin {} ({})", id, pin, description, e);
            }
            pinsInUse.remove(pin);
            onReleased(pin);
        }
    }

    private void claim(int pin, String id) {
        if (closed) {
            throw new GpioException("GPIO platform (" + description + ") is closed; cannot provision '" + id + "'");
        }
        Object holder = pinsInUse.get(pin);
        if (holder != null) {
            String holderId = holder instanceof DigitalIn in ? "input '" + in.id() + "'"
                    : "output '" + ((DigitalOut) holder).id() + "'";
            throw new GpioException("BCM pin " + pin + " is already provisioned as " + holderId
                    + "; cannot provision '" + id + "' on it");
        }
    }

    private static PullResistance pullOf(Pull pull) {
        return switch (pull) {
            case NONE -> PullResistance.OFF;
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
        };
    }
}
