package io.billctl.core.update;

import io.billctl.core.catalog.Field;

/** A catalog flag as the user gave it: a String, the List of a list flag, or the Boolean of a negatable one. */
public record FieldFlag(Field field, Object value) {}
