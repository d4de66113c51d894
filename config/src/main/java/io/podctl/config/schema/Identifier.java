package io.podctl.config.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A string (or every string of a list) is a name of this kind: too long is reported as {@code name-too-long},
 * other characters as {@code invalid-name}. The short form of a {@link Pattern} with the kind's expression and
 * bound.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Identifier {
    /** The kind of name. */
    IdKind value();
}
