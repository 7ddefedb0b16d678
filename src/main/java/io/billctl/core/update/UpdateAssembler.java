package io.billctl.core.update;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Update;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import io.billctl.core.catalog.FieldText;
import io.billctl.core.catalog.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one update from a {@code -f} document, the catalog's flags, {@code --set} and
 * {@code --unset}: flags win over the file, a field named twice by flags is an error, and the
 * result is validated whole before anything is sent. Every problem names where it came from.
 */
public final class UpdateAssembler {
    private final Backend backend;
    private final Catalog catalog;
    private final Env env;
    private final ObjectNode fields = Json.object();
    /** Field name -> how the user gave it ("--name", "--set name", "\"name\" in a.json"). */
    private final Map<String, String> origins = new LinkedHashMap<>();

    private UpdateAssembler(Backend backend, Env env) {
        this.backend = backend;
        this.catalog = backend.catalog();
        this.env = env;
    }

    /** The fields a command line gives (catalog flags, --set, --unset), typed, and where each came from. */
    public record FlagFields(ObjectNode fields, Map<String, String> origins) {}

    /** One update: a {@code -f} document, then the command line's fields over it. */
    public static Update assemble(Backend backend, UpdateInput input, Env env) {
        UpdateAssembler assembler = new UpdateAssembler(backend, env);
        String id = backend.checkId(input.id());
        if (input.fromFile() != null) assembler.readFile(input.fromFile(), id);
        assembler.put(flagFields(backend, input));
        return assembler.finish(id, input.allowUnknown());
    }

    /** One record of a batch: its own fields, then the command line's fields over them. */
    public static Update record(Backend backend, String id, ObjectNode recordFields, FlagFields flags, boolean allowUnknown) {
        UpdateAssembler assembler = new UpdateAssembler(backend, null);
        String checkedId = backend.checkId(id);
        recordFields.fields().forEachRemaining(entry -> {
            assembler.fields.set(entry.getKey(), entry.getValue());
            assembler.origins.put(entry.getKey(), "\"" + entry.getKey() + "\"");
        });
        assembler.put(flags);
        return assembler.finish(checkedId, allowUnknown);
    }

    /** Typed once per run; a batch lays them over every record. */
    public static FlagFields flagFields(Backend backend, UpdateInput input) {
        UpdateAssembler assembler = new UpdateAssembler(backend, null);
        Map<String, String> fromFlags = new LinkedHashMap<>();
        for (FieldFlag flag : input.flags()) assembler.putFlag(flag.field().name(), flag.field().flag(), assembler.typed(flag), fromFlags);
        for (String set : input.sets()) {
            int eq = set.indexOf('=');
            if (eq <= 0) throw BillctlException.usage("--set takes NAME=VALUE, got '" + set + "'");
            String name = set.substring(0, eq);
            assembler.putFlag(name, "--set " + name, assembler.typedSet(name, set.substring(eq + 1)), fromFlags);
        }
        for (String name : input.unsets()) assembler.putFlag(name, "--unset " + name, Json.NODES.nullNode(), fromFlags);
        return new FlagFields(assembler.fields, assembler.origins);
    }

    private void put(FlagFields flags) {
        flags.fields().fields().forEachRemaining(entry -> fields.set(entry.getKey(), entry.getValue().deepCopy()));
        origins.putAll(flags.origins());
    }

    private Update finish(String id, boolean allowUnknown) {
        if (fields.isEmpty()) {
            throw BillctlException.usage("nothing to update: give at least one field (see 'billctl " + backend.command() + " --help')");
        }
        Map<String, String> problems = Validator.validate(catalog, fields, allowUnknown);
        if (!problems.isEmpty()) throw invalid(problems);
        return new Update(id, fields);
    }

    private void putFlag(String name, String origin, JsonNode value, Map<String, String> fromFlags) {
        String earlier = fromFlags.putIfAbsent(name, origin);
        if (earlier != null) throw BillctlException.usage(name + " is given twice: by " + earlier + " and by " + origin);
        fields.set(name, value);
        origins.put(name, origin);
    }

    private JsonNode typed(FieldFlag flag) {
        Field field = flag.field();
        try {
            if (flag.value() instanceof Boolean b) return Json.NODES.booleanNode(b);
            if (flag.value() instanceof List<?> items) return FieldText.parseList(field, items.stream().map(String::valueOf).toList());
            return FieldText.parse(field, (String) flag.value());
        } catch (FieldText.BadText e) {
            throw BillctlException.usage(field.flag() + ": " + e.getMessage());
        }
    }

    /** Typed by the catalog where it knows the field; JSON (or else a string) where it does not. */
    private JsonNode typedSet(String name, String text) {
        var field = catalog.find(name);
        if (field.isEmpty()) return FieldText.parseLenient(text);
        try {
            return FieldText.parse(field.get(), text);
        } catch (FieldText.BadText e) {
            throw BillctlException.usage("--set " + name + ": " + e.getMessage());
        }
    }

    private void readFile(String file, String id) {
        String label = file.equals("-") ? "stdin" : file;
        String text;
        try {
            text = file.equals("-") ? new String(env.in().readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw BillctlException.usage("-f " + file + ": no such file");
        } catch (IOException e) {
            throw BillctlException.usage("-f " + file + ": cannot read: " + e.getMessage());
        }
        JsonNode document;
        try {
            document = Json.parse(text);
        } catch (JsonProcessingException e) {
            throw BillctlException.usage(label + " is not valid JSON: " + Json.describe(e));
        }
        if (!(document instanceof ObjectNode object)) {
            throw BillctlException.usage(label + " must hold a JSON object of fields, not " + (document.isArray() ? "an array" : "a " + document.getNodeType().name().toLowerCase()));
        }
        ObjectNode given = backend.fieldsOf(object);
        JsonNode fileId = given.remove(backend.idName());
        if (fileId != null && !fileId.asText().equals(id)) {
            throw BillctlException.usage(label + " is for " + backend.idName() + " " + fileId.asText() + ", but the command names " + id);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            fields.set(entry.getKey(), entry.getValue());
            origins.put(entry.getKey(), "\"" + entry.getKey() + "\" in " + label);
        }
    }

    private BillctlException invalid(Map<String, String> problems) {
        var first = problems.entrySet().iterator().next();
        String topField = first.getKey().split("[.\\[]", 2)[0];
        String origin = origins.getOrDefault(topField, first.getKey());
        String where = first.getKey().equals(topField) ? origin : first.getKey() + " (" + origin + ")";
        String message = where + ": " + first.getValue();
        if (problems.size() > 1) message += " (and " + (problems.size() - 1) + " more problem" + (problems.size() > 2 ? "s" : "") + ")";
        return new BillctlException(ExitCode.USAGE, message, problems, null, null);
    }
}
