package io.billctl.core.backend;

import java.util.List;

/**
 * What help and the man page say of a command: one line, a paragraph, and examples to copy. Help
 * never wraps an example: one longer than a man page's 69 columns is written on several lines, each
 * but the last ending in {@code " \\"} (or a pipe) and the next starting with two spaces
 * ({@code "billctl … \\\n  --email noc@example.com"}), so that it copies back into a shell whole.
 */
public record CommandText(String header, String description, List<String> examples) {
    public CommandText {
        examples = List.copyOf(examples);
    }

    public CommandText(String header, String description) {
        this(header, description, List.of());
    }
}
