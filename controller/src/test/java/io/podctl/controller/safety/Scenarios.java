package io.podctl.controller.safety;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Property runs without a property-testing library: scenarios are generated from one seed (so a run is
 * reproducible), each is checked, and the first one that falsifies the property is shrunk greedily to a smaller
 * scenario that still fails and reported with its seed and try.
 *
 * <p>{@code -Dpodctl.property.seed=N} (or {@code random}) explores other scenarios, {@code -Dpodctl.property.tries=N}
 * runs more (or fewer) of them. Not thread-safe; one property at a time.
 */
final class Scenarios {
    /** The seed every property starts from. */
    static final long SEED = seed(System.getProperty("podctl.property.seed", "20250917"));

    private Scenarios() {
    }

    private static long seed(String s) {
        return "random".equals(s) ? System.nanoTime() : Long.parseLong(s);
    }

    /** The number of scenarios per property: {@code -Dpodctl.property.tries}, else {@code defaultTries}. */
    static int tries(int defaultTries) {
        return Integer.getInteger("podctl.property.tries", defaultTries);
    }

    /**
     * Runs {@code check} on {@code tries} scenarios, the i-th generated from the i-th split of {@link #SEED}. The
     * first failure is shrunk: the candidates {@code simpler} offers for the smallest failing scenario so far (and
     * its failure) are tried in order, the first that still fails replaces it, until none does or a pass starts
     * with {@code maxShrinkRuns} checks spent. Fails the test with the property's name, the seed, the try, the
     * shrunk scenario and its failure, and the original scenario.
     */
    static <S> void forAll(String name, int tries, int maxShrinkRuns, Function<SplittableRandom, S> generator,
                           BiFunction<S, Throwable, List<S>> simpler, Consumer<S> check) {
        forAll(name, tries, maxShrinkRuns, generator, simpler, f -> "", check);
    }

    /**
     * As {@link #forAll(String, int, int, Function, BiFunction, Consumer)}, but a shrink candidate only replaces the
     * smallest failing scenario when its failure has the same {@code signature} as the original failure: a smaller
     * scenario that fails for another reason (say, after the commands that made the property meaningful were
     * removed) is not the same counterexample.
     */
    static <S> void forAll(String name, int tries, int maxShrinkRuns, Function<SplittableRandom, S> generator,
                           BiFunction<S, Throwable, List<S>> simpler, Function<Throwable, ?> signature,
                           Consumer<S> check) {
        SplittableRandom seeds = new SplittableRandom(SEED);
        for (int i = 0; i < tries; i++) {
            S sc = generator.apply(seeds.split());
            Throwable failure = failure(check, sc);
            if (failure == null) {
                continue;
            }
            Object kind = signature.apply(failure);
            S smallest = sc;
            Throwable smallestFailure = failure;
            int runs = 0;
            boolean progress = true;
            while (progress && runs < maxShrinkRuns) {
                progress = false;
                for (S candidate : simpler.apply(smallest, smallestFailure)) {
                    runs++;
                    Throwable f = failure(check, candidate);
                    if (f != null && kind.equals(signature.apply(f))) {
                        smallest = candidate;
                        smallestFailure = f;
                        progress = true;
                        break;
                    }
                }
            }
            AssertionError e = new AssertionError(String.format(Locale.ROOT,
                    "property '%s' falsified on try %d of %d (seed %d: -Dpodctl.property.seed=%d)%n"
                            + "shrunk (%d runs): %s%nfailure: %s%noriginal: %s",
                    name, i + 1, tries, SEED, SEED, runs, smallest, smallestFailure, sc), smallestFailure);
            fail(e);
        }
    }

    private static <S> Throwable failure(Consumer<S> check, S sc) {
        try {
            check.accept(sc);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }
}
