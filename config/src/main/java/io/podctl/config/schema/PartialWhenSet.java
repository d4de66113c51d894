package io.podctl.config.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a list of records: when the sibling key {@link #value()} is set, entries may leave out every required key
 * but {@code id}, because they override entries of the same id from elsewhere (a device's points over its
 * profile's). The loader checks the merged result; the JSON Schema expresses this with {@code if/else}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface PartialWhenSet {
    /** The sibling key that makes entries partial. */
    String value();
}
