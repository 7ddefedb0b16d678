package io.billctl.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One writable field of a vendor's update call, as that vendor's page documents it. A catalog
 * of these drives everything about the field: its flag, its help text, its completion
 * candidates, its parsing from text, and its validation.
 */
public final class Field {
    /** "{@code field} is required when {@code otherField} is {@code value}". */
    public record RequiredWhen(String otherField, String value) {}

    /** A rule no bound or enum expresses (an IANA zone, a password's make-up); answers a problem or null. */
    public interface Check extends Function<JsonNode, String> {}

    /** A text that does not match a form, in words. A class, not a lambda (start-up). */
    private record Form(Pattern form, String inWords) implements Check {
        @Override
        public String apply(JsonNode value) {
            String text = value.asText();
            return form.matcher(text).matches() ? null : "\"" + text + "\" is not in the usual form (" + inWords + ")";
        }
    }

    private final String name;
    private final FieldType type;
    private final String help;
    private final boolean nullable;
    private final Integer minLength;
    private final Integer maxLength;
    private final BigDecimal min;
    private final BigDecimal max;
    private final List<String> allowed;
    private final Pattern pattern;
    private final String patternHelp;
    private final Check check;
    private final String checkHelp;
    private final Check unstated;
    private final boolean requestOption;
    private final String unstatedHelp;
    private final List<RequiredWhen> requiredWhen;
    private final String refusal;
    private final boolean secret;
    private final boolean unordered;
    private final String example;
    private final List<Field> members;
    private final String flag;
    private final List<String> aliases;
    private final List<String> deprecatedAliases;
    private final String deprecation;
    private final String flagNote;
    private final String recordNote;
    private final String dropped;
    private final boolean orEmpty;
    private final boolean freeText;
    private final boolean emptyIsNull;
    private final List<String> clears;
    private final String key;
    private final boolean merged;

    private Field(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.help = b.help;
        this.nullable = b.nullable;
        this.minLength = b.minLength;
        this.maxLength = b.maxLength;
        this.min = b.min;
        this.max = b.max;
        this.allowed = List.copyOf(b.allowed);
        this.pattern = b.pattern;
        this.patternHelp = b.patternHelp;
        this.check = b.check;
        this.checkHelp = b.checkHelp;
        this.unstated = b.unstated;
        this.requestOption = b.requestOption;
        this.unstatedHelp = b.unstatedHelp;
        this.requiredWhen = List.copyOf(b.requiredWhen);
        this.refusal = b.refusal;
        this.secret = b.secret;
        this.unordered = b.unordered;
        this.example = b.example;
        this.members = b.members.stream().map(Builder::build).toList();
        this.flag = b.flag != null ? b.flag : "--" + name.replace('_', '-');
        this.aliases = List.copyOf(b.aliases);
        this.deprecatedAliases = List.copyOf(b.deprecatedAliases);
        this.deprecation = b.deprecation;
        this.flagNote = b.flagNote;
        this.recordNote = b.recordNote;
        this.dropped = b.dropped;
        this.orEmpty = b.orEmpty;
        this.freeText = b.freeText;
        this.emptyIsNull = b.emptyIsNull;
        this.clears = List.copyOf(b.clears);
        this.key = b.key;
        this.merged = b.merged;
    }

    public static Builder string(String name) { return new Builder(name, FieldType.STRING); }
    public static Builder integer(String name) { return new Builder(name, FieldType.INTEGER); }
    public static Builder decimal(String name) { return new Builder(name, FieldType.DECIMAL); }
    public static Builder bool(String name) { return new Builder(name, FieldType.BOOLEAN); }
    public static Builder date(String name) { return new Builder(name, FieldType.DATE); }
    public static Builder dateTime(String name) { return new Builder(name, FieldType.DATETIME); }
    public static Builder stringList(String name) { return new Builder(name, FieldType.STRING_LIST); }
    public static Builder integerList(String name) { return new Builder(name, FieldType.INTEGER_LIST); }
    public static Builder json(String name) { return new Builder(name, FieldType.JSON); }
    public static Builder object(String name, Builder... members) { return new Builder(name, FieldType.OBJECT).members(members); }
    public static Builder objectList(String name, Builder... members) { return new Builder(name, FieldType.OBJECT_LIST).members(members); }

    public String name() { return name; }
    public FieldType type() { return type; }
    public String help() { return help; }
    public boolean nullable() { return nullable; }
    public Optional<Integer> minLength() { return Optional.ofNullable(minLength); }
    public Optional<Integer> maxLength() { return Optional.ofNullable(maxLength); }
    public Optional<BigDecimal> min() { return Optional.ofNullable(min); }
    public Optional<BigDecimal> max() { return Optional.ofNullable(max); }
    /** The enumerated values, as the vendor writes them; empty when any value of the type goes. */
    public List<String> allowed() { return allowed; }
    public Optional<Pattern> pattern() { return Optional.ofNullable(pattern); }
    Optional<String> patternHelp() { return Optional.ofNullable(patternHelp); }
    Optional<Check> check() { return Optional.ofNullable(check); }

    /**
     * A parameter of the request rather than a value of the account (PortaBilling's release_assigned_did):
     * a read never returns it, and undo sends it again with the value the update used.
     */
    public boolean requestOption() { return requestOption; }

    /** A rule the vendor does not state but values usually follow: a value that breaks it is warned about and sent ({@link Unstated}). */
    Optional<Check> unstated() { return Optional.ofNullable(unstated); }
    public List<RequiredWhen> requiredWhen() { return requiredWhen; }
    /** Why an update may not set this field (read-only, fixed after creation...); empty when it may. */
    public Optional<String> refusal() { return Optional.ofNullable(refusal); }
    /** Masked in every output, trace and dry-run. */
    public boolean secret() { return secret; }
    /** A list whose order the vendor ignores (tags, IP addresses): compared as a set when billctl shows what an update changes. */
    public boolean unordered() { return unordered; }
    public Optional<String> example() { return Optional.ofNullable(example); }
    /** The documented members of an object, or of each object of a list; empty when not documented. */
    public List<Field> members() { return members; }

    /** The documented member {@code name} of an object, or of each object of a list. */
    public Optional<Field> member(String name) {
        for (Field member : members) if (member.name.equals(name)) return Optional.of(member);
        return Optional.empty();
    }

    /**
     * A list the server keeps as null when it is sent empty (Yeti's contact lists): {@code []} and null
     * are the same value when billctl compares them.
     */
    public boolean emptyIsNull() { return emptyIsNull; }

    /**
     * The other fields the server empties when an update changes this one without giving them
     * (PortaBilling's add-ons, when the main product changes): a journal keeps their values as read
     * beside this field's, so that undo puts them back with it.
     */
    public List<String> clears() { return clears; }

    /**
     * For a list of objects, the member that names an element ({@code name} of a service feature), by which
     * an element given is matched with the account's: empty when the list is compared whole, in order. An
     * element is then the same as the account's when every member it gives, but those {@link #dropped()},
     * is the same; members it leaves out are not compared (a read adds members of the server's own).
     */
    public Optional<String> key() { return Optional.ofNullable(key); }

    /**
     * With a {@link #key()}: whether the server merges the list given into the account's by that key, an
     * element not given being left as it is ({@code true}), or replaces the list whole, in any order.
     */
    public boolean mergedByKey() { return merged; }

    /** Whether an update may give it: not refused (a {@link #dropped()} one is accepted, and left out of the request). */
    public boolean writable() {
        return refusal == null;
    }

    /**
     * Whether it is a value of the account an update sets and sends: writable and not {@link #dropped()}
     * (PortaBilling's included_services, which a read returns and the server ignores, is not). Such a
     * field has a flag in help and completion, and {@code get} shows it by default.
     */
    public boolean settable() {
        return refusal == null && dropped == null;
    }

    /**
     * Why a value of this member is accepted and then left out of the request (a read returns it,
     * the server sets it itself); empty when it is sent. Accepted whatever it holds: it never goes out.
     */
    public Optional<String> dropped() { return Optional.ofNullable(dropped); }

    /** Whether {@code ""} is accepted whatever the length and pattern rules say (the vendor's "not set"). */
    public boolean orEmpty() { return orEmpty; }

    /**
     * Whether the field takes free text (notes, a description): line breaks and tabs as well as
     * printable text. Every other text field is one line; no field takes another control character.
     */
    public boolean freeText() { return freeText; }

    /**
     * The flag that sets this field: the vendor's name with {@code _} turned into {@code -}, unless the
     * catalog names it otherwise (a name that would be mistaken for something else).
     */
    public String flag() {
        return flag;
    }

    /** Other names of the flag, as good as {@link #flag()}. */
    public List<String> aliases() { return aliases; }

    /** Old names of the flag that still work but warn, with {@link #deprecation()} saying why. */
    public List<String> deprecatedAliases() { return deprecatedAliases; }

    /**
     * What a single update that sets this field says first, however it is given ("--account-id 12345 " + note,
     * "--set id=12345 " + note, "\"id\" in a.json (12345) " + note), or empty.
     */
    public Optional<String> flagNote() { return Optional.ofNullable(flagNote); }

    /** What a batch whose records set this field says once ("3 records of a.jsonl set id, which " + note), or empty. */
    public Optional<String> recordNote() { return Optional.ofNullable(recordNote); }

    /** What the warning for a deprecated alias says after "--old is deprecated: ". */
    public String deprecation() { return deprecation == null ? "use " + flag : deprecation; }

    /** The rules in words, for help text and man pages: "At most 64 characters. Nullable." */
    public String rules() {
        List<String> parts = new ArrayList<>();
        if (!allowed.isEmpty()) parts.add("One of: " + String.join(", ", allowed) + ".");
        if (minLength != null && maxLength != null) parts.add(minLength + " to " + maxLength + " characters.");
        else if (maxLength != null) parts.add("At most " + maxLength + " characters.");
        else if (minLength != null) parts.add("At least " + minLength + " characters.");
        if (min != null && max != null) parts.add("From " + min.toPlainString() + " to " + max.toPlainString() + ".");
        else if (min != null) parts.add("At least " + min.toPlainString() + ".");
        else if (max != null) parts.add("At most " + max.toPlainString() + ".");
        if (patternHelp != null) parts.add(patternHelp);
        if (checkHelp != null) parts.add(checkHelp);
        if (unstatedHelp != null) parts.add(unstatedHelp + " (otherwise a warning, not a refusal: the vendor states no such rule).");
        for (RequiredWhen rw : requiredWhen) parts.add("Required when " + rw.otherField() + " is " + rw.value() + " (judged on the account).");
        if (type.isList() && !type.isStructured()) parts.add("A comma list or a repeated flag.");
        if (type.isStructured()) parts.add("JSON.");
        if (freeText) parts.add("Free text: line breaks and tabs allowed.");
        if (orEmpty) parts.add("Or \"\" (empty) to clear it.");
        if (key != null && merged) parts.add("Merged by " + key + ": an element not given is left as it is.");
        if (emptyIsNull) parts.add("An empty list clears it: the server keeps null.");
        if (nullable) parts.add("Nullable (--unset " + name + ").");
        if (dropped != null) parts.add("Accepted and left out of the request: " + dropped);
        if (refusal != null) parts.add("Not updatable: " + refusal);
        return String.join(" ", parts);
    }

    /** Help for the flag: the vendor's description, then the rules. */
    public String description() {
        String rules = rules();
        return rules.isEmpty() ? help : help + " " + rules;
    }

    /** The value placeholder in usage: {@code <name|ip|ani>}, {@code <int>}. */
    public String paramLabel() {
        if (!allowed.isEmpty()) return "<" + String.join("|", allowed) + ">";
        return "<" + type.label() + ">";
    }

    public static final class Builder {
        private final String name;
        private final FieldType type;
        private String help = "";
        private boolean nullable;
        private Integer minLength;
        private Integer maxLength;
        private BigDecimal min;
        private BigDecimal max;
        private final List<String> allowed = new ArrayList<>();
        private Pattern pattern;
        private String patternHelp;
        private Check check;
        private String checkHelp;
        private Check unstated;
        private boolean requestOption;
        private String unstatedHelp;
        private final List<RequiredWhen> requiredWhen = new ArrayList<>();
        private String refusal;
        private boolean secret;
        private boolean unordered;
        private String example;
        private final List<Builder> members = new ArrayList<>();
        private String flag;
        private final List<String> aliases = new ArrayList<>();
        private final List<String> deprecatedAliases = new ArrayList<>();
        private String deprecation;
        private String flagNote;
        private String recordNote;
        private String dropped;
        private boolean orEmpty;
        private boolean freeText;
        private boolean emptyIsNull;
        private final List<String> clears = new ArrayList<>();
        private String key;
        private boolean merged;

        private Builder(String name, FieldType type) {
            this.name = name;
            this.type = type;
        }

        public Builder help(String help) { this.help = help; return this; }
        public Builder nullable() { this.nullable = true; return this; }
        public Builder length(int min, int max) { this.minLength = min; this.maxLength = max; return this; }
        public Builder maxLength(int max) { this.maxLength = max; return this; }
        public Builder minLength(int min) { this.minLength = min; return this; }
        public Builder range(long min, long max) { this.min = BigDecimal.valueOf(min); this.max = BigDecimal.valueOf(max); return this; }
        public Builder range(String min, String max) { this.min = new BigDecimal(min); this.max = new BigDecimal(max); return this; }
        public Builder min(long min) { this.min = BigDecimal.valueOf(min); return this; }
        public Builder max(long max) { this.max = BigDecimal.valueOf(max); return this; }
        public Builder oneOf(String... values) { this.allowed.addAll(List.of(values)); return this; }
        public Builder pattern(String regex, String inWords) { this.pattern = Pattern.compile(regex); this.patternHelp = inWords; return this; }
        public Builder check(Check check, String inWords) { this.check = check; this.checkHelp = inWords; return this; }
        /** A rule the vendor's documentation does not state: a value that breaks it is sent, with a warning ("Usually ..."). */
        public Builder unstated(Check check, String inWords) { this.unstated = check; this.unstatedHelp = inWords; return this; }
        /** The same for a form: {@code inWords} says it ("Usually three capital letters, such as GBP"). */
        public Builder unstated(String regex, String inWords) {
            Pattern form = Pattern.compile(regex);
            return unstated(new Form(form, inWords), inWords);
        }
        /** An IP address (each one, for a list), IPv4 or IPv6; with {@code subnets}, a subnet in CIDR form too. */
        public Builder ipAddress(boolean subnets) { return check(Addresses.check(subnets), Addresses.rule(subnets)); }
        /** The same where the vendor names the field an address but states no form: one that is not is warned about and sent. */
        public Builder usuallyIpAddress(boolean subnets) { return unstated(Addresses.usually(subnets), Addresses.usualRule(subnets)); }
        public Builder requiredWhen(String otherField, String value) { this.requiredWhen.add(new RequiredWhen(otherField, value)); return this; }
        public Builder refused(String reason) { this.refusal = reason; return this; }
        public Builder secret() { this.secret = true; return this; }
        /** See {@link Field#requestOption()}. */
        public Builder requestOption() { this.requestOption = true; return this; }
        public Builder unordered() { this.unordered = true; return this; }
        public Builder example(String example) { this.example = example; return this; }
        /** The flag's name when the one derived from the field's name would mislead: {@code --account-id} for PortaBilling's PIN {@code id}. */
        public Builder flag(String flag) { this.flag = flag; return this; }
        public Builder alias(String alias) { this.aliases.add(alias); return this; }
        /** An old name of the flag that still works, with a warning that says {@code why}. */
        public Builder deprecatedAlias(String alias, String why) { this.deprecatedAliases.add(alias); this.deprecation = why; return this; }
        /** Said when the field is set by its flag (or an alias): what the flag does that its name may hide. */
        public Builder flagNote(String note) { this.flagNote = note; return this; }
        /** Said once by a batch whose records set the field: see {@link Field#recordNote()}. */
        public Builder recordNote(String note) { this.recordNote = note; return this; }
        /** Accepted whatever it holds and left out of the request, for {@code why} (a read-only member a read returns). */
        public Builder dropped(String why) { this.dropped = why; return this; }
        /** {@code ""} is accepted as well as what the length and pattern rules allow. */
        public Builder orEmpty() { this.orEmpty = true; return this; }
        /** Free text (notes, a description): it may hold line breaks and tabs, which a one-line field refuses. */
        public Builder freeText() { this.freeText = true; return this; }
        /** See {@link Field#emptyIsNull()}. */
        public Builder emptyIsNull() { this.emptyIsNull = true; return this; }
        /** See {@link Field#clears()}. */
        public Builder clears(String... fields) { this.clears.addAll(List.of(fields)); return this; }
        /** A list of objects the server merges by {@code key}: see {@link Field#key()} and {@link Field#mergedByKey()}. */
        public Builder mergedBy(String key) { this.key = key; this.merged = true; return this; }
        /** A list of objects the server replaces whole, in any order, each element named by {@code key}: see {@link Field#key()}. */
        public Builder keyedSet(String key) { this.key = key; this.merged = false; return this; }
        Builder members(Builder... fields) { this.members.addAll(List.of(fields)); return this; }

        public Field build() {
            return new Field(this);
        }
    }
}
