package io.billctl.core.update;

import io.billctl.core.catalog.Field;

/**
 * A catalog flag as the user gave it: a String, the List of a list flag, or the Boolean of a negatable one;
 * {@code given} is the name the user typed (the field's flag, or one of its aliases).
 */
public record FieldFlag(Field field, Object value, String given) {
    public FieldFlag(Field field, Object value) {
        this(field, value, field.flag());
    }
}
