package io.billctl.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.Json;
import io.billctl.core.http.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A list's CSV is data in a file or a pipe (written exactly, as --batch reads it back) and text on a
 * terminal (nothing in it may drive the terminal).
 */
class AccountListTest {
    private static String csv(boolean terminal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Presenter presenter = new Presenter(OutputFormat.csv, out, new PrintStream(new ByteArrayOutputStream()), false, false, new Redactor(), terminal);
        AccountList list = presenter.accountList("jerasoft", List.of("id", "name", "notes"), false);
        list.add(Json.object().put("id", 7).put("name", "\u001b]0;pwned\u0007\u202eAcme").put("notes", "one\r\ntwo"));
        list.end();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void inAFileOrAPipeTheCellsAreExact() {
        assertEquals("id,name,notes\n7,\u001b]0;pwned\u0007\u202eAcme,\"one\r\ntwo\"\n", csv(false));
    }

    @Test
    void onATerminalNothingInACellDrivesIt() {
        String shown = csv(true);
        assertFalse(shown.contains("\u001b") || shown.contains("\u0007") || shown.contains("\u202e"), shown);
        assertTrue(shown.startsWith("id,name,notes\n7,\uFFFD"), shown);
    }
}
