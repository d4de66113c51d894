package io.podctl.config.properties;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.opentest4j.AssertionFailedError;

/**
 * A small property runner: draws {@code tries} cases from independent seeded random sources and checks each.
 * The first failure fails the test with the seed that replays it alone ({@code -Dpodctl.seed=N -Dpodctl.tries=1})
 * and the case as text. Seeds are random per run unless {@code podctl.seed} is set; {@code podctl.tries}
 * overrides every property's number of tries (e.g. a long local run with 20000).
 */
final class PropertyRunner {
    /** Spreads consecutive tries over the seed space (the 64-bit golden ratio). */
    private static final long STRIDE = 0x9E3779B97F4A7C15L;

    private PropertyRunner() {
    }

    /** Tries for a property that asks for {@code wanted}, unless overridden on the command line. */
    static int tries(int wanted) {
        return Integer.getInteger("podctl.tries", wanted);
    }

    /**
     * Checks a property.
     *
     * @param name   what is checked, for the failure message
     * @param tries  how many cases
     * @param gen    draws a case from a random source
     * @param show   the case as text for the failure message
     * @param check  throws when the case breaks the property
     */
    static <T> void forAll(String name, int tries, Function<RandomGenerator, T> gen, Function<T, String> show,
                           Consumer<T> check) {
        long base = Long.getLong("podctl.seed", new SplittableRandom().nextLong());
        int n = tries(tries);
        for (int i = 0; i < n; i++) {
            long seed = base + i * STRIDE;
            T value = null;
            try {
                value = gen.apply(new SplittableRandom(seed));
                check.accept(value);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionFailedError("property '" + name + "' failed on try " + (i + 1) + " of " + n
                        + "; replay it with -Dpodctl.seed=" + seed + " -Dpodctl.tries=1\n" + e.getMessage() + "\n"
                        + (value == null ? "(the generator failed)" : show.apply(value)), e);
            }
        }
    }
}
