package io.podctl.config.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Bounds of a duration, written in the file's own syntax ({@code 10ms}, {@code 1s}). Durations are never
 * negative; {@link #positive()} also rejects zero (periods, timeouts, intervals).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface DurationRange {
    /** True when zero is not allowed (reported as rule {@code zero-period}). */
    boolean positive() default false;

    /** Smallest allowed duration, inclusive; empty for none. */
    String min() default "";

    /** Largest allowed duration, inclusive; empty for none. */
    String max() default "";
}
