package io.billctl.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * completions/_billctl in a real interactive zsh on a pseudo-terminal (zsh/zpty): the file sits in
 * $fpath, compinit autoloads it on the first TAB, and the completion list shows the values.
 * Skipped where zsh is not installed (.ci/run installs it).
 */
class ZshCompletionTest {
    @TempDir Path home;

    @Test
    void theZshEntryPointCompletesEnumValuesAndProfiles() throws Exception {
        assumeTrue(Shell.available("zsh"), "zsh is not installed");
        Path functions = Files.createDirectories(home.resolve("functions"));
        Files.copy(Shell.ROOT.resolve("completions/_billctl"), functions.resolve("_billctl"));
        Files.createDirectories(home.resolve(".config/billctl"));
        Files.writeString(home.resolve(".config/billctl/config.toml"), "[profiles.zprod]\nbackend = \"jerasoft\"\n");
        // zsh lists no matches while keys are pending, so each step waits (polling, bounded) for the
        // screen to show what the previous one should have produced before typing on.
        Files.writeString(home.resolve("drive.zsh"), """
                zmodload zsh/zpty
                all="" buf=""
                waitfor() {
                  integer n=0
                  while (( n++ < 600 )); do
                    if zpty -r -t z chunk; then all+=$chunk; buf+=$chunk; [[ $buf == $~1 ]] && { buf=""; return 0 }; else sleep 0.05; fi
                  done
                  print -r -- "$all"; print -r -- "TIMEOUT waiting for $1"; zpty -d z; exit 1
                }
                zpty z 'TERM=dumb zsh -f -i'
                zpty -w z 'PS1="ZP> "; fpath=(%s $fpath); autoload -U compinit; compinit -u -d %s/zcompdump'
                waitfor '*ZP> *'
                zpty -w -n z $'billctl account update 55 --blocked \\t'
                waitfor '*N  Y*ZP> *'
                zpty -w -n z $'\\C-u'
                zpty -w z 'echo MARK""ER'
                waitfor '*MARKER*ZP> *'
                zpty -w -n z $'billctl -p \\t'
                waitfor '*sandbox  zprod*ZP> *'
                zpty -w -n z $'\\C-u'
                zpty -w z 'echo END""MARK'
                waitfor '*ENDMARK*'
                print -r -- "$all"
                zpty -d z
                """.formatted(functions, home));
        Shell.Result result = Shell.run(home, Map.of("HOME", home.toString(), "ZDOTDIR", home.toString()), "zsh", "-f", home.resolve("drive.zsh").toString());
        assertEquals(0, result.exit(), () -> result.out() + result.err());
        String screen = result.out().replace("\r", "");
        int marker = screen.indexOf("MARKER");
        assertTrue(marker > 0, () -> "zsh never ran the marker:\n" + screen);
        String first = screen.substring(0, marker);
        String second = screen.substring(marker);
        assertTrue(first.contains("\nN  Y"), () -> "--blocked <TAB> should list N Y:\n" + first);
        assertTrue(second.contains("sandbox") && second.contains("zprod"), () -> "-p <TAB> should list sandbox and zprod:\n" + second);
        assertTrue(!screen.contains("command not found") && !screen.contains("unmatched"), () -> "errors while completing:\n" + screen);
    }
}
