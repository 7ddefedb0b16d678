package io.billctl.core;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON trees, read and written over Jackson's streaming parser and generator. billctl only
 * handles trees, and an ObjectMapper costs a cold call about 30 ms before it does anything (its
 * static set-up builds a SimpleDateFormat, locale data and all); bench/README.md has the profile.
 * Decimals stay exact: "150.50" is a BigDecimal, never rounded through a double.
 * Never call {@link JsonNode#toString()} on a path a call takes: it builds Jackson's own mapper.
 */
public final class Json {
    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** One JSON document; empty text is the missing node, and anything after the document an error. */
    public static JsonNode parse(String text) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return whole(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string", e);
        }
    }

    /**
     * A document a user wrote (a {@code -f} file, a batch record, a JSON cell or {@code --set} value),
     * as {@link #parse(String)}, with one more rule: a key given twice in one object is refused
     * ({@link DuplicateKey}), where a vendor's answer would have the last one win. Checked while the tree
     * is built (the put the tree makes anyway answers it), not with Jackson's STRICT_DUPLICATE_DETECTION,
     * whose message words change between versions and do not hand over the key.
     */
    public static JsonNode parseInput(String text) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonNode document = read(parser, true);
            if (document == null) return MissingNode.getInstance();
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after value");
            }
            return document;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string", e);
        }
    }

    /** A key given twice in one object of a user's document: which, and where its second one is. */
    public static final class DuplicateKey extends JsonParseException {
        private static final long serialVersionUID = 1L;
        private final String key;

        DuplicateKey(JsonParser parser, String key) {
            super(parser, "the key \"" + key + "\" appears twice in one object", parser.currentTokenLocation()); // where its second value starts
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** The one document a parser holds (the missing node for none); anything after it is an error. */
    private static JsonNode whole(JsonParser parser) throws IOException {
        JsonNode document = read(parser);
        if (document == null) return MissingNode.getInstance();
        JsonToken trailing = parser.nextToken();
        if (trailing != null) throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after value");
        return document;
    }

    /** One document from UTF-8 bytes, as {@link #parse(String)}: no String made of them first. */
    public static JsonNode parse(byte[] utf8) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(utf8)) {
            return whole(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from memory", e);
        }
    }

    /**
     * The parser's next value as a tree, or null at the end of its input. Iterative, so that a
     * deeply nested document cannot exhaust the stack (Jackson's own nesting limit still applies).
     */
    public static JsonNode read(JsonParser parser) throws IOException {
        return read(parser, false);
    }

    private static JsonNode read(JsonParser parser, boolean uniqueKeys) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) return null;
        Deque<JsonNode> open = new ArrayDeque<>();
        String field = null;
        while (true) {
            JsonNode value;
            switch (token) {
                case FIELD_NAME -> {
                    field = parser.currentName();
                    token = parser.nextToken();
                    continue;
                }
                case START_OBJECT -> value = NODES.objectNode();
                case START_ARRAY -> value = NODES.arrayNode();
                case END_OBJECT, END_ARRAY -> {
                    JsonNode done = open.pop();
                    if (open.isEmpty()) return done;
                    token = parser.nextToken();
                    continue;
                }
                default -> value = scalar(parser, token);
            }
            JsonNode parent = open.peek();
            if (parent instanceof ObjectNode object) {
                // The put the tree needs anyway says whether the key was there: no lookup of its own.
                if (object.replace(field, value) != null && uniqueKeys) throw new DuplicateKey(parser, field);
            }
            else if (parent instanceof ArrayNode array) array.add(value);
            if (value.isContainerNode()) open.push(value);
            else if (parent == null) return value;
            token = parser.nextToken();
            if (token == null) throw new JsonParseException(parser, "Unexpected end-of-input");
        }
    }

    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            // NaN and the infinities (TOML's nan, inf) have no exact decimal: a double then.
            case VALUE_NUMBER_FLOAT -> parser.isNaN() ? NODES.numberNode(parser.getDoubleValue()) : NODES.numberNode(decimal(parser));
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT -> embedded(parser.getEmbeddedObject());
            default -> throw new JsonParseException(parser, "Unexpected token " + token);
        };
    }

    /** A decimal; one no BigDecimal holds (1e99999999999) is malformed input, not a crash (Jackson throws NumberFormatException). */
    private static java.math.BigDecimal decimal(JsonParser parser) throws IOException {
        try {
            return parser.getDecimalValue();
        } catch (NumberFormatException e) {
            throw new JsonParseException(parser, "a number whose exponent is out of range (" + parser.getTextLength() + " characters)");
        }
    }

    /** What non-JSON formats hand over as objects (TOML's dates and times): their text. */
    private static JsonNode embedded(Object value) {
        return value == null ? NODES.nullNode() : NODES.textNode(value.toString());
    }

    public static String write(JsonNode node) {
        return write(node, false);
    }

    /**
     * The node as UTF-8 bytes, DEL and the C1 controls (U+007F..U+009F, among them 8-bit CSI and OSC)
     * escaped as well as what JSON requires: written straight to bytes, with no String and no
     * charset encoder between (a batch writes one of these per record).
     */
    public static byte[] bytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            generator.setCharacterEscapes(C1_ESCAPES);
            write(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return out.toByteArray();
    }

    /**
     * A generator writing UTF-8 straight to {@code out}, with the same escapes as {@link #bytes}, one
     * value a line: for many documents in a row (a list's JSON Lines), one generator for them all.
     */
    public static JsonGenerator lines(java.io.OutputStream out) {
        try {
            JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8);
            generator.setCharacterEscapes(C1_ESCAPES);
            generator.setRootValueSeparator(new SerializedString("\n"));
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            return generator;
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON", e);
        }
    }

    /** JSON's own escapes, and DEL and the C1 controls as {@code \\u00XX}. */
    private static final CharacterEscapes C1_ESCAPES = new C1Escapes();

    private static final class C1Escapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        C1Escapes() {
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch >= 0x80 && ch <= 0x9F ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    public static String writePretty(JsonNode node) {
        return write(node, true);
    }

    private static String write(JsonNode node, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            if (pretty) generator.useDefaultPrettyPrinter();
            write(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string", e);
        }
        return out.toString();
    }

    /** A tree through a generator: what ObjectMapper's tree serializer does, without the mapper. */
    public static void write(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    generator.writeFieldName(entry.getKey());
                    write(generator, entry.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode item : node) write(generator, item);
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> generator.writeNumber(node.intValue());
                    case LONG -> generator.writeNumber(node.longValue());
                    case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
                    case FLOAT -> generator.writeNumber(node.floatValue());
                    case DOUBLE -> generator.writeNumber(node.doubleValue());
                    default -> generator.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL, MISSING -> generator.writeNull();
            case BINARY -> generator.writeBinary(node.binaryValue());
            case POJO -> generator.writeString(node.asText());
        }
    }

    /** Jackson's message without its multi-line source excerpt: fit for one line on stderr. */
    public static String describe(JsonProcessingException e) {
        String message = plain(e.getOriginalMessage().lines().findFirst().orElse("malformed JSON"));
        var location = e.getLocation();
        return location == null || location.getLineNr() < 0
                ? message
                : message + " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static final java.util.regex.Pattern UNQUOTED = java.util.regex.Pattern.compile("Unrecognized token '([^']*)'");
    private static final java.util.regex.Pattern NUMERIC = java.util.regex.Pattern.compile("Numeric value \\([^)]*\\)");
    private static final java.util.regex.Pattern JACKSON_NAMES = java.util.regex.Pattern.compile(
            "\\s*\\((?:enable|disable) `[^`]*`[^)]*\\)|:? ?(?:enable|disable) `[^`]*` to allow|,? from `[^`]*`|\\s*\\(through reference chain[^)]*\\)");

    /**
     * Jackson's words without what would repeat the input (an unquoted word, a number: in a password
     * field that is the secret) or name Jackson's own classes and switches, which the user cannot use.
     */
    static String plain(String message) {
        java.util.regex.Matcher unquoted = UNQUOTED.matcher(message);
        if (unquoted.find()) {
            message = message.substring(0, unquoted.start()) + "Unrecognized word of " + unquoted.group(1).length()
                    + " characters (not shown; text goes in double quotes)" + message.substring(unquoted.end());
        }
        message = NUMERIC.matcher(message).replaceAll("Numeric value");
        return JACKSON_NAMES.matcher(message).replaceAll("");
    }
}
