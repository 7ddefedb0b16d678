package io.billctl.core.catalog;

/** The JSON shape a field takes on the wire; lists and objects are parsed as JSON from text. */
public enum FieldType {
    STRING("text"),
    INTEGER("int"),
    DECIMAL("decimal"),
    BOOLEAN("bool"),
    /** A date the vendor writes as {@code YYYY-MM-DD}. */
    DATE("YYYY-MM-DD"),
    /** A date-time the vendor writes as {@code YYYY-MM-DD hh:mm:ss}. */
    DATETIME("YYYY-MM-DD hh:mm:ss"),
    STRING_LIST("text"),
    INTEGER_LIST("int"),
    OBJECT("json"),
    OBJECT_LIST("json"),
    /** Any JSON value, for shapes no other type describes (PortaBilling's lists of lists). */
    JSON("json");

    private final String label;

    FieldType(String label) {
        this.label = label;
    }

    /** What a value of this type looks like in help text. */
    public String label() {
        return label;
    }

    public boolean isList() {
        return this == STRING_LIST || this == INTEGER_LIST || this == OBJECT_LIST;
    }

    /** Types whose flag or {@code --set} text is parsed as JSON rather than typed from plain text. */
    public boolean isStructured() {
        return this == OBJECT || this == OBJECT_LIST || this == JSON;
    }

    /** The type of one element of a list. */
    public FieldType element() {
        return switch (this) {
            case STRING_LIST -> STRING;
            case INTEGER_LIST -> INTEGER;
            case OBJECT_LIST -> OBJECT;
            default -> this;
        };
    }
}
