package io.billctl.core.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A backend's fields, written once, with the rules that span more than one field. */
public final class Catalog {
    /** A rule over the whole update (max-balance >= min-balance); answers field name -> problem. */
    public interface CrossCheck extends Function<ObjectNode, Map<String, String>> {}

    private final String backend;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final List<CrossCheck> crossChecks;
    /** The fields with a "required when" rule, found once: the validator runs per batch record. */
    private final List<Field> conditional;

    private Catalog(String backend, List<Field> fields, List<CrossCheck> crossChecks) {
        this.backend = backend;
        for (Field field : fields) {
            if (this.fields.putIfAbsent(field.name(), field) != null) {
                throw new IllegalArgumentException(backend + " catalog names " + field.name() + " twice");
            }
        }
        this.crossChecks = List.copyOf(crossChecks);
        this.conditional = this.fields.values().stream().filter(f -> !f.requiredWhen().isEmpty()).toList();
    }

    public static Catalog of(String backend, List<CrossCheck> crossChecks, Field.Builder... fields) {
        return new Catalog(backend, Arrays.stream(fields).map(Field.Builder::build).toList(), crossChecks);
    }

    public String backend() {
        return backend;
    }

    public List<Field> fields() {
        return List.copyOf(fields.values());
    }

    public Optional<Field> find(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    List<Field> conditional() {
        return conditional;
    }

    List<CrossCheck> crossChecks() {
        return crossChecks;
    }

    /** The closest known name to a misspelt one, if any is close enough to be a likely typo. */
    public Optional<String> suggest(String name) {
        return Suggest.closest(name, fields.keySet());
    }
}
