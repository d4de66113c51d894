package io.podctl.config.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The component is not a key of the file: the loader fills it with the text the user wrote for the key
 * {@link #value()} of the same mapping (e.g. {@code 0x0157} for an address that is 343), so that messages name
 * it the way it was written. Null when that key is absent. Not in the JSON Schema; writing it is an unknown key.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface SpellingOf {
    /** The key whose text this component holds. */
    String value();
}
