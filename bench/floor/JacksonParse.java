import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor of bench/list.sh without any HTTP: the same pages read from the files nginx serves (in the
 * page cache), each tokenized with Jackson's streaming parser (billctl's JSON library), every string's
 * text taken, nothing built, nothing written. What reading the JSON alone costs a cold JVM, beside
 * curl's whole run.
 * Usage: java -cp billctl.jar:DIR JacksonParse PAGES_DIR ACCOUNTS PAGE
 */
public final class JacksonParse {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int accounts = Integer.parseInt(args[1]);
        int page = Integer.parseInt(args[2]);
        JsonFactory factory = new JsonFactory();
        long ids = 0;
        for (int offset = 0; offset <= accounts; offset += page) {
            try (JsonParser parser = factory.createParser(Files.readAllBytes(dir.resolve(offset + ".json")))) {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    if (token == JsonToken.FIELD_NAME && parser.currentName().equals("id")) ids++;
                    else if (token == JsonToken.VALUE_STRING) parser.getText();
                }
            }
        }
        System.err.println("jackson: " + ids + " accounts");
    }
}
