package io.billctl.core.backend;

import java.util.List;

/** What help and the man page say of a command: one line, a paragraph, and examples to copy. */
public record CommandText(String header, String description, List<String> examples) {
    public CommandText {
        examples = List.copyOf(examples);
    }

    public CommandText(String header, String description) {
        this(header, description, List.of());
    }
}
