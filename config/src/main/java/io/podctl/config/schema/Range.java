package io.podctl.config.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Inclusive bounds of a number. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Range {
    /** Smallest allowed value, inclusive. */
    double min() default Double.NEGATIVE_INFINITY;

    /** Largest allowed value, inclusive. */
    double max() default Double.POSITIVE_INFINITY;

    /** Rule name reported when the value is outside the bounds. */
    String rule() default "out-of-range";
}
