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
import io.billctl.core.http.Redactor;
import io.billctl.core.input.Encoding;
import io.billctl.core.input.InputFile;
import io.billctl.core.input.TextReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How every update of one run is built: the command line's fields (catalog flags, {@code --set},
 * {@code --unset}) typed once, the run's request extras, and whether unknown names may pass. From
 * it, one update for a single call ({@code -f} document, then flags over it) or for each batch
 * record (its fields, then flags over them): merged, validated whole, and never built from a
 * caller's object that it then changes. Every problem names where the value came from.
 */
public final class UpdatePlan {
    private final Backend backend;
    private final FlagFields flags;
    private final Map<String, String> extras;
    private final boolean allowUnknown;
    /** How a {@code -f} document is read: {@code --encoding}, else UTF-8. */
    private final Encoding encoding;
    /** Whether the records put back values accounts held before (undo): control characters then go back as they were. */
    private final boolean restoring;
    /** The run's redactor, told a single update's secret values before anything is sent; null where none was given. */
    private final Redactor redactor;
    /** The largest {@code -f} document read: a document of fields, not a data file. */
    private static final int DOCUMENT_LIMIT = 16 << 20;

    /** The column or key --failed-out adds to a failed record: never a field. */
    public static final String FAILED_OUT_ERROR = "billctl_error";
    /** A batch record's key or column {@code expect.FIELD}: the value FIELD must still have ({@code --expect}). */
    public static final String EXPECT_PREFIX = "expect.";

    /** The fields a command line gives (catalog flags, --set, --unset), typed, where each came from, and its --expect values. */
    private record FlagFields(ObjectNode fields, Map<String, String> origins, ObjectNode expect) {}

    private UpdatePlan(Backend backend, FlagFields flags, Map<String, String> extras, boolean allowUnknown, Encoding encoding, boolean restoring,
                       Redactor redactor) {
        this.redactor = redactor;
        this.backend = backend;
        this.flags = flags;
        this.extras = extras;
        this.allowUnknown = allowUnknown;
        this.encoding = encoding;
        this.restoring = restoring;
    }

    /** The same plan, reading a {@code -f} document in {@code encoding} ({@code --encoding}). */
    public UpdatePlan reading(Encoding encoding) {
        return new UpdatePlan(backend, flags, extras, allowUnknown, encoding, restoring, redactor);
    }

    /**
     * The same plan for records that put back what accounts held before (undo's): the values go back as
     * the server held them, unchecked by billctl's rules, since billctl did not write them and the server
     * took them (a tab a web form left in a name, a value past a length the vendor's page states): one such value must not stop a whole undo, --force or not.
     */
    public UpdatePlan restoring() {
        return new UpdatePlan(backend, flags, extras, allowUnknown, encoding, true, redactor);
    }

    /** Types the command line's fields now (a usage error names the flag); {@code extras} go on every update. */
    public static UpdatePlan of(Backend backend, UpdateInput input, Map<String, String> extras) {
        return of(backend, input, extras, SecretValues.plain());
    }

    /**
     * The same, with secret fields' values ({@code --password @FILE}, {@code --password -}) read
     * where {@code secrets} says, and each one handed to the run's redactor.
     */
    public static UpdatePlan of(Backend backend, UpdateInput input, Map<String, String> extras, SecretValues secrets) {
        Assembly assembly = new Assembly(backend, secrets);
        Map<String, String> fromFlags = new LinkedHashMap<>();
        for (FieldFlag flag : input.flags()) assembly.putFlag(flag.field().name(), flag.given(), assembly.typed(flag), fromFlags);
        for (String set : input.sets()) {
            int eq = set.indexOf('=');
            if (eq <= 0) throw BillctlException.usage("--set takes NAME=VALUE, got '" + set + "'");
            String name = set.substring(0, eq);
            assembly.putFlag(name, "--set " + name, assembly.typedSet(name, set.substring(eq + 1)), fromFlags);
        }
        for (String name : input.unsets()) assembly.putFlag(name, "--unset " + name, Json.NODES.nullNode(), fromFlags);
        for (String expect : input.expects()) {
            int eq = expect.indexOf('=');
            if (eq <= 0) throw BillctlException.usage("--expect takes FIELD=VALUE, got '" + expect + "'");
            String name = expect.substring(0, eq);
            if (assembly.expect.has(name)) throw BillctlException.usage("--expect " + name + " is given twice");
            assembly.expect(name, "--expect " + name, expectedValue(backend, name, expect.substring(eq + 1)), input.allowUnknown());
        }
        return new UpdatePlan(backend, new FlagFields(assembly.fields, assembly.origins, assembly.expect), extras, input.allowUnknown(), Encoding.UTF_8, false,
                secrets.redactor());
    }

    /** A value a flag gave that its field's type refuses: the line names the flag, -o json's {@code fields} the field, as for -f. */
    static BillctlException fieldProblem(String field, String given, FieldText.BadText e) {
        return new BillctlException(ExitCode.USAGE, given + ": " + e.getMessage(), Map.of(field, e.getMessage()), null, null);
    }

    /** Typed by the catalog where it knows the field and the text fits it ("null" is null, "\"null\"" the text); else JSON, else the text. */
    private static JsonNode expectedValue(Backend backend, String name, String text) {
        var field = backend.catalog().find(name);
        if (field.isPresent()) {
            try {
                return FieldText.parseNamed(field.get(), text);
            } catch (FieldText.BadText e) {
                throw fieldProblem(name, "--expect " + name, e);
            }
        }
        return FieldText.parseLenient(text);
    }

    /**
     * What the command line adds to every record (fields, --set, --unset, --expect, the backend's
     * request options), as canonical text for a batch journal's header: a --resume with other
     * command-line values is another run. A secret field's value is left out (its name stays), so
     * that the journal holds no form of it.
     */
    public String commandLineText() {
        ObjectNode node = Json.object();
        ObjectNode fields = node.putObject("fields");
        sorted(flags.fields()).forEach((name, value) -> {
            boolean secret = backend.catalog().find(name).map(io.billctl.core.catalog.Field::secret).orElse(false);
            fields.set(name, secret ? Json.NODES.textNode("(secret)") : value);
        });
        ObjectNode expect = node.putObject("expect");
        sorted(flags.expect()).forEach(expect::set);
        ObjectNode options = node.putObject("options");
        new java.util.TreeMap<>(extras).forEach(options::put);
        return Json.write(node);
    }

    private static java.util.SortedMap<String, JsonNode> sorted(ObjectNode node) {
        java.util.SortedMap<String, JsonNode> sorted = new java.util.TreeMap<>();
        node.fields().forEachRemaining(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    /** Whether the command line names values the accounts must still have. */
    public boolean conditional() {
        return !flags.expect().isEmpty();
    }

    public Backend backend() {
        return backend;
    }

    /** Whether the run's request options have the server only check each update, changing nothing (Enswitch's --validate-only). */
    public boolean validatesOnly() {
        return io.billctl.core.backend.RunOption.validatesOnly(backend.updateOptions(), extras);
    }

    /** Request parameters that are not fields, the same on every update of the run. */
    public Map<String, String> extras() {
        return extras;
    }

    /** One account's update: a {@code -f} document (or none), then the command line's fields over it. */
    public Update forAccount(String id, String fromFile, Env env) {
        return forAccount(id, fromFile, env, note -> { }, note -> { });
    }

    /**
     * The same, with what the backend leaves out of the {@code -f} document said to {@code warnings}, and
     * to {@code notes} what a field the catalog gives a note ({@link Field#flagNote()}: PortaBilling's PIN)
     * does when {@code --set} or the document sets it; its own flag's note is the command line's to say. A
     * billctl {@code get} document's own values are what the account holds: no news. Every secret value of
     * the update (a password in the {@code -f} document, a SIM card's key in an object) goes to the run's
     * redactor for the run, before it is checked or sent: a server that echoes it, a check that names it,
     * is masked. (A batch's records hold theirs only while each is in flight: {@link #secretValues}.)
     */
    public Update forAccount(String id, String fromFile, Env env, java.util.function.Consumer<String> warnings,
                             java.util.function.Consumer<String> notes) {
        Assembly assembly = new Assembly(backend, SecretValues.plain());
        String checkedId = backend.checkId(id);
        if (fromFile != null) assembly.readFile(fromFile, checkedId, env, encoding, warnings);
        assembly.put(flags);
        if (redactor != null) for (String value : secretValues(assembly.fields)) redactor.addSecretValue(value);
        Update update = assembly.finish(checkedId, allowUnknown, extras, restoring);
        assembly.notes().forEach(notes);
        return update;
    }

    /**
     * The fields of {@code record} whose catalog field has a {@link Field#recordNote()} (PortaBilling's PIN),
     * where the record's value is the one sent (no command-line field replaces it): a batch says them once,
     * counted.
     */
    public java.util.List<String> notedIn(ObjectNode record) {
        java.util.List<String> noted = new java.util.ArrayList<>(0);
        for (Iterator<String> names = record.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (flags.fields().has(name)) continue;
            backend.catalog().find(name).flatMap(Field::recordNote).ifPresent(note -> noted.add(name));
        }
        return noted;
    }

    /** The secret values {@code fields} carry: the catalog's secret fields and members, and unknown names the redactor calls secret. */
    public List<String> secretValues(ObjectNode fields) {
        return SecretValues.carried(backend.catalog(), fields, redactor != null ? redactor : DEFAULT_SECRET_NAMES);
    }

    /** The names every redactor calls secret, for a plan made without the run's. */
    private static final Redactor DEFAULT_SECRET_NAMES = new Redactor();

    /**
     * The fields of {@code record} whose value the command line replaces with another (flags apply over
     * every record): each with the flag that gave it, for a warning; empty when the command line sets none
     * of the record's fields, or sets them to the same values.
     */
    public Map<String, String> overriddenIn(ObjectNode record) {
        Map<String, String> overridden = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = flags.fields().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode given = record.get(entry.getKey());
            if (given == null || given.equals(entry.getValue())) continue;
            if (given.isTextual() && entry.getValue().isValueNode() && given.textValue().equals(entry.getValue().asText())) continue; // a CSV cell's text
            overridden.put(entry.getKey(), flags.origins().getOrDefault(entry.getKey(), entry.getKey()));
        }
        return overridden;
    }

    /**
     * One batch record's update: the record's fields less its id, then the command line's fields over
     * them. The record itself is not changed. A record without an id is a usage error.
     */
    public Update forRecord(ObjectNode record) {
        JsonNode id = record.get(backend.idName());
        if (id == null || id.isNull() || id.asText().isBlank()) {
            throw BillctlException.usage("no " + backend.idName() + " (each record names its account by " + backend.idName() + ")");
        }
        Assembly assembly = new Assembly(backend, SecretValues.plain());
        String checkedId = backend.checkId(id.asText());
        record.fields().forEachRemaining(entry -> {
            // The id names the account; billctl_error is what --failed-out added, so a fixed file runs again as it is.
            if (entry.getKey().equals(backend.idName()) || entry.getKey().equals(FAILED_OUT_ERROR)) return;
            if (entry.getKey().startsWith(EXPECT_PREFIX)) {
                String name = entry.getKey().substring(EXPECT_PREFIX.length());
                if (name.isEmpty()) throw BillctlException.usage("\"" + entry.getKey() + "\" names no field (expect.FIELD)");
                assembly.expect(name, "\"" + entry.getKey() + "\"", entry.getValue(), allowUnknown);
                return;
            }
            assembly.fields.set(entry.getKey(), entry.getValue()); // shared, never changed: values are only read
            assembly.origins.put(entry.getKey(), "\"" + entry.getKey() + "\"");
        });
        assembly.put(flags);
        return assembly.finish(checkedId, allowUnknown, extras, restoring);
    }

    /** One update being put together: its fields, and where each came from. */
    private static final class Assembly {
        private final Backend backend;
        private final Catalog catalog;
        private final SecretValues secrets;
        private final ObjectNode fields = Json.object();
        /** What the account must still have: field -> value. */
        private final ObjectNode expect = Json.object();
        /** Field name -> how the user gave it ("--name", "--set name", "\"name\" in a.json"). */
        private final Map<String, String> origins = new LinkedHashMap<>();
        /** The fields a billctl get document gave, as the account held them when read. */
        private final java.util.Set<String> asRead = new java.util.HashSet<>();

        Assembly(Backend backend, SecretValues secrets) {
            this.backend = backend;
            this.catalog = backend.catalog();
            this.secrets = secrets;
        }

        void put(FlagFields flags) {
            flags.fields().fields().forEachRemaining(entry -> fields.set(entry.getKey(), entry.getValue().deepCopy()));
            origins.putAll(flags.origins());
            asRead.removeAll(flags.origins().keySet());
            expect.setAll(flags.expect()); // the command line's expectations over the record's
        }

        /**
         * An expectation. A secret's is refused: its value is never read back nor shown. So is one of a name
         * the catalog does not know, unless --allow-unknown-fields: a misspelt name would fail every account
         * after reading it ("nme is absent"), where a misspelt field is refused before anything is sent.
         */
        void expect(String name, String origin, JsonNode value, boolean allowUnknown) {
            if (catalog.find(name).isEmpty() && !allowUnknown) {
                String suggestion = catalog.suggest(name).map(s -> " (did you mean " + s + "?)").orElse("");
                throw BillctlException.usage(origin + ": not a field this command knows" + suggestion
                        + "; --allow-unknown-fields expects it anyway, of what the server returns");
            }
            if (catalog.find(name).map(Field::secret).orElse(false)) {
                throw BillctlException.usage(origin + ": " + name + " is a secret, whose value billctl never compares nor shows");
            }
            expect.set(name, value);
        }

        Update finish(String id, boolean allowUnknown, Map<String, String> extras, boolean restoring) {
            if (fields.isEmpty()) {
                throw BillctlException.usage("nothing to update: give at least one field (see 'billctl " + backend.command() + " --help')");
            }
            refuseRequestParameters(id);
            if (fields.isEmpty()) {
                throw BillctlException.usage("nothing to update: the account's own id is no change; give at least one field (see 'billctl "
                        + backend.command() + " --help')");
            }
            // Fields the request leaves out (a read's members the server sets itself, PortaBilling's included_services) are
            // no change either: an update of those alone would send an empty request and say it was applied.
            List<String> leftOut = new ArrayList<>();
            for (var names = fields.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (catalog.find(name).flatMap(Field::dropped).isPresent()) leftOut.add(name);
            }
            if (leftOut.size() == fields.size()) {
                throw BillctlException.usage("nothing to update: " + String.join(", ", leftOut) + (leftOut.size() == 1 ? " is" : " are")
                        + " left out of the request (" + catalog.find(leftOut.get(0)).flatMap(Field::dropped).orElse("").replaceFirst("\\.$", "") + "); give at least one field"
                        + " (see 'billctl " + backend.command() + " --help')");
            }
            for (var it = fields.fields(); it.hasNext(); ) {
                var entry = it.next();
                var field = catalog.find(entry.getKey());
                if (field.isPresent() && field.get().type() == io.billctl.core.catalog.FieldType.INTEGER) {
                    JsonNode whole = FieldText.integral(entry.getValue());
                    if (whole != entry.getValue()) entry.setValue(whole);
                }
            }
            ObjectNode cast = backend.normalise(fields);
            if (!restoring) {
                Map<String, String> problems = Validator.validate(catalog, cast, allowUnknown);
                if (!problems.isEmpty()) throw invalid(problems);
            }
            // Expectations in the form the server keeps too (a Yeti UUID in capitals is the one it stores in lower case).
            return new Update(id, cast, extras, expect.isEmpty() ? null : backend.normalise(expect.deepCopy()));
        }

        /**
         * The account is named by the command's ID (or the record's) alone: a field of the id's name that
         * names the same account is dropped, one that names another is refused (it would move the update
         * to that account on a vendor that takes the id among the fields, as Enswitch's form does). The
         * request's own parameters (Enswitch's credentials) are never fields, with or without
         * --allow-unknown-fields.
         */
        private void refuseRequestParameters(String id) {
            JsonNode named = fields.get(backend.idName());
            if (named != null) {
                String origin = origins.getOrDefault(backend.idName(), backend.idName());
                String other = named.isValueNode() && !named.isNull() ? named.asText() : null;
                if (other == null || !backend.checkId(other).equals(id)) {
                    throw BillctlException.usage(origin + ": names account " + (other == null ? Json.write(named) : other)
                            + ", but the update is for account " + id + " (an update cannot move to another account: it is named by its ID alone)");
                }
                fields.remove(backend.idName());
            }
            for (String parameter : backend.requestParameters()) {
                if (fields.has(parameter)) {
                    throw BillctlException.usage(origins.getOrDefault(parameter, parameter) + ": " + parameter + " is a parameter of "
                            + backend.displayName() + "'s request itself" + backend.requestParameterNote(parameter) + ", not a field of the account; it cannot be set");
                }
            }
        }

        void putFlag(String name, String origin, JsonNode value, Map<String, String> fromFlags) {
            String earlier = fromFlags.putIfAbsent(name, origin);
            if (earlier != null) throw BillctlException.usage(name + " is given twice: by " + earlier + " and by " + origin);
            fields.set(name, value);
            origins.put(name, origin);
        }

        JsonNode typed(FieldFlag flag) {
            Field field = flag.field();
            try {
                if (flag.value() instanceof Boolean b) return Json.NODES.booleanNode(b);
                if (flag.value() instanceof List<?> items) return FieldText.parseList(field, items.stream().map(String::valueOf).toList());
                String text = (String) flag.value();
                return FieldText.parse(field, field.secret() ? secrets.value(flag.given(), text) : text);
            } catch (FieldText.BadText e) {
                throw fieldProblem(field.name(), flag.given(), e);
            }
        }

        /**
         * Typed by the catalog where it knows the field (null is JSON null, a text field's "…" a JSON string);
         * JSON (or else a string) where it does not.
         */
        JsonNode typedSet(String name, String text) {
            var field = catalog.find(name);
            if (field.isEmpty()) return FieldText.parseLenient(text);
            if (text.equals("null") && !field.get().nullable() && field.get().writable() && field.get().dropped().isEmpty()) {
                throw BillctlException.usage("--set " + name + "=null is JSON null, which " + name + " cannot be"
                        + (field.get().type() == io.billctl.core.catalog.FieldType.STRING ? "; --set " + name + "='\"null\"' sends the text \"null\"" : ""));
            }
            try {
                return FieldText.parseNamed(field.get(), field.get().secret() ? secrets.value("--set " + name + "=", text) : text);
            } catch (FieldText.BadText e) {
                throw fieldProblem(name, "--set " + name, e);
            }
        }

        /**
         * The {@code -f} document: a file, stdin, or a pipe; decoded strictly in {@code encoding} (a byte-order
         * mark dropped, bytes that are not text refused by line and byte), one JSON object whose keys are
         * each given once. Anything else is a usage error naming it, before anything is sent.
         */
        void readFile(String file, String id, Env env, Encoding encoding, java.util.function.Consumer<String> notes) {
            String label = InputFile.label(file);
            String text;
            try {
                text = TextReader.decode(InputFile.readAll(file, "-f", env, DOCUMENT_LIMIT), label, encoding, notes);
            } catch (TextReader.Undecodable e) {
                throw e.usage();
            }
            if (text.isBlank()) throw BillctlException.usage(label + " is empty: -f takes a JSON object of fields");
            JsonNode document;
            try {
                document = Json.parseInput(text);
            } catch (Json.DuplicateKey e) {
                throw BillctlException.usage(label + ": " + Json.describe(e));
            } catch (JsonProcessingException e) {
                throw BillctlException.usage(label + " is not valid JSON: " + Json.describe(e));
            }
            if (!(document instanceof ObjectNode object)) {
                throw BillctlException.usage(label + " must hold a JSON object of fields, not "
                        + (document.isArray() ? "an array" : "a " + document.getNodeType().name().toLowerCase()));
            }
            ObjectNode own = ownDocument(object, label, notes);
            ObjectNode given = backend.fieldsOf(own, notes);
            JsonNode fileId = FieldText.integral(given.remove(backend.idName())); // 5.0 is account 5, as an integer field takes it
            if (fileId != null && !fileId.asText().equals(id)) {
                throw BillctlException.usage(label + " is for " + backend.idName() + " " + fileId.asText() + ", but the command names " + id);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                fields.set(entry.getKey(), entry.getValue());
                origins.put(entry.getKey(), "\"" + entry.getKey() + "\" in " + label);
                if (own != object) asRead.add(entry.getKey());
            }
        }

        /**
         * The notes of the fields whose catalog field has one ({@link Field#flagNote()}) given by --set or a
         * -f document: "--set id=12345 changes ...", "\"id\" in a.json (12345) changes ...". Not those its
         * own flag gave (the command line says them) nor those a billctl get document gave as read.
         */
        List<String> notes() {
            List<String> notes = new java.util.ArrayList<>(0);
            fields.fields().forEachRemaining(entry -> {
                String note = catalog.find(entry.getKey()).flatMap(Field::flagNote).orElse(null);
                String origin = origins.get(entry.getKey());
                if (note == null || origin == null || asRead.contains(entry.getKey())) return;
                String value = entry.getValue().isValueNode() ? entry.getValue().asText() : Json.write(entry.getValue());
                if (origin.startsWith("--set ")) notes.add(origin + "=" + value + " " + note);
                else if (origin.startsWith("\"")) notes.add(origin + " (" + value + ") " + note);
            });
            return notes;
        }

        /**
         * billctl's own {@code get -o json} document ({@code {"ok":true,"backend":…,"account":{…}}}): its
         * account, so that a read goes back through update as it came. Anything else as it is.
         */
        private ObjectNode ownDocument(ObjectNode document, String label, java.util.function.Consumer<String> notes) {
            JsonNode account = document.get("account");
            if (!(account instanceof ObjectNode fields) || !document.has("ok")) return document;
            String from = document.path("backend").asText(backend.id());
            if (!from.equals(backend.id())) {
                throw BillctlException.usage(label + " holds a " + from + " account (billctl get), and '" + backend.command() + "' updates "
                        + backend.displayName());
            }
            return withoutIncomplete(fields, document.path("masked"), label, notes);
        }

        /**
         * get leaves an object's secret members out ({@code "masked":["sim_card_info.auth_key"]}): such an object,
         * still without them, is not sent back, since a server that takes it whole would clear them. A note says
         * so; given with its secrets again (get --show-secrets), it goes.
         */
        private static ObjectNode withoutIncomplete(ObjectNode fields, JsonNode masked, String label, java.util.function.Consumer<String> notes) {
            ObjectNode kept = fields;
            Map<String, List<String>> leftOut = new LinkedHashMap<>();
            for (JsonNode name : masked) {
                String[] path = name.asText().split("\\.");
                if (path.length < 2 || !kept.has(path[0]) || !lacks(kept.get(path[0]), path, 1)) continue;
                leftOut.computeIfAbsent(path[0], k -> new java.util.ArrayList<>()).add(name.asText());
            }
            if (leftOut.isEmpty()) return fields;
            kept = fields.deepCopy();
            for (Map.Entry<String, List<String>> field : leftOut.entrySet()) {
                kept.remove(field.getKey());
                boolean one = field.getValue().size() == 1;
                notes.accept(field.getKey() + " in " + label + " is not sent: get left out its secret " + String.join(", ", field.getValue())
                        + ", and without " + (one ? "it" : "them") + " a server that takes " + field.getKey() + " whole would clear "
                        + (one ? "it" : "them") + " (give " + field.getKey() + " whole, as get --show-secrets prints it, to change it)");
            }
            return kept;
        }

        /** Whether the member at {@code path} (from {@code at}) is missing from {@code node}, or from an object of a list. */
        private static boolean lacks(JsonNode node, String[] path, int at) {
            if (at == path.length) return false;
            if (node.isArray()) {
                for (JsonNode element : node) if (lacks(element, path, at)) return true;
                return false;
            }
            if (!node.isObject()) return false; // not the object get printed: the checks say what it is
            JsonNode member = node.get(path[at]);
            return member == null || lacks(member, path, at + 1);
        }

        private BillctlException invalid(Map<String, String> problems) {
            var first = problems.entrySet().iterator().next();
            String key = first.getKey();
            String topField = key.split("[.\\[]", 2)[0];
            // A dotted name that is itself a field of the input (Yeti's relationships.timezone) has its own origin.
            String origin = origins.containsKey(key) ? origins.get(key) : origins.getOrDefault(topField, key);
            String where = key.equals(topField) || origins.containsKey(key) || origin.equals(key) ? origin : key + " (" + origin + ")";
            String message = where + ": " + first.getValue();
            if (problems.size() > 1) {
                // Named, so that a fix of the first does not meet the next one by surprise (-o json's fields has every message).
                List<String> others = new ArrayList<>(problems.keySet()).subList(1, problems.size());
                String names = String.join(", ", others.subList(0, Math.min(5, others.size()))) + (others.size() > 5 ? ", …" : "");
                message += " (and " + others.size() + " more problem" + (others.size() > 1 ? "s" : "") + ": " + names + ")";
            }
            return new BillctlException(ExitCode.USAGE, message, problems, null, null);
        }
    }
}
