package io.podctl.config.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A string (or every string of a list) must match a regular expression, as a whole, and be at most
 * {@link #maxLength()} characters long. Keep the expression within the common subset of Java and ECMAScript
 * regular expressions: editors check it too (the length becomes the schema's {@code maxLength}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Pattern {
    /** The expression; it must match the whole value. */
    String value();

    /** What a valid value looks like, in words, for the message. */
    String hint();

    /** Rule name reported when the value does not match. */
    String rule() default "invalid-name";

    /** Most characters the value may have; checked before the expression, so a long value is not echoed whole. */
    int maxLength() default Integer.MAX_VALUE;

    /** Rule name reported when the value is longer than {@link #maxLength()}. */
    String lengthRule() default "name-too-long";
}
