package io.billctl.docs;

import io.billctl.core.output.Terminal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.Env;
import io.billctl.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** completions/billctl.bash in a real bash (with bash-completion loaded when the machine has it). */
class BashCompletionTest {
    static final Path SCRIPT = Shell.ROOT.resolve("completions/billctl.bash");
    static final Path BASH_COMPLETION = Path.of("/usr/share/bash-completion/bash_completion");

    @TempDir Path home;

    private List<String> complete(String line, Map<String, String> env) {
        String script = (Files.isReadable(BASH_COMPLETION) ? "source " + BASH_COMPLETION + "\n" : "")
                + "source " + Shell.quote(SCRIPT.toString()) + "\n" + Shell.completeLine(line);
        Map<String, String> environment = new HashMap<>(Map.of("HOME", home.toString()));
        environment.putAll(env);
        Shell.Result result = Shell.run(home, environment, "bash", "-c", script);
        assertEquals(0, result.exit(), () -> "bash failed: " + result.err());
        return result.lines();
    }

    private List<String> complete(String line) {
        return complete(line, Map.of());
    }

    @Test
    void fieldFlagsComplete() {
        List<String> offered = complete("billctl clients-accounts update 1 --te");
        assertTrue(offered.contains("--tech-prefix"), offered::toString);
        assertTrue(offered.contains("--term-capacity") && offered.contains("--term-enabled"), offered::toString);
        assertTrue(offered.stream().allMatch(flag -> flag.startsWith("--te")), offered::toString);
        assertEquals(List.of("--tech-prefix"), complete("billctl clients-accounts update 1 --tech"));
    }

    @Test
    void subcommandsComplete() {
        List<String> offered = complete("billctl ");
        assertTrue(offered.containsAll(List.of("clients-accounts", "unlimited", "account", "admin-accounts", "profile", "sandbox", "completion")), offered::toString);
        assertEquals(List.of("get", "list", "update"), complete("billctl admin-accounts "));
        assertEquals(List.of("bash", "zsh", "fish"), complete("billctl completion "));
        // An alias names its command: profile ls takes no argument, profile rm a profile (of the config file: below).
        assertEquals(List.of(), complete("billctl profile ls "));
        assertEquals(List.of("sandbox"), complete("billctl profile logout "));
    }

    @Test
    void enumValuesComplete() {
        assertEquals(List.of("name", "ip", "ani"), complete("billctl clients-accounts update 1 --auth-type "));
        assertEquals(List.of("Y", "N"), complete("billctl account update 55 --blocked "));
        assertEquals(List.of("ip"), complete("billctl clients-accounts update 1 --auth-type i"));
        assertEquals(List.of("table", "json", "jsonl", "csv"), complete("billctl -o "));
        assertEquals(List.of("table", "json", "jsonl", "csv"), complete("billctl unlimited update 1 --name x -o "));
        assertEquals(List.of("--customer"), complete("billctl account list --cust"));
        assertEquals(List.of("jerasoft", "enswitch", "portabilling", "yeti"), complete("billctl profile add lab --backend "));
    }

    @Test
    void profilesCompleteFromTheUsersConfig() throws Exception {
        Path config = home.resolve(".config/billctl/config.toml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, """
                default_profile = "prod"

                [profiles.prod]
                backend = "jerasoft"
                url = "https://vcs.example.com/api"

                [profiles."lab.eu"]
                backend = "yeti"

                [profiles.prod.tls]
                insecure = false

                  [profiles.pbx]   # Enswitch
                backend = "enswitch"
                """);
        assertEquals(List.of("sandbox", "prod", "lab.eu", "pbx"), complete("billctl -p "));
        assertEquals(List.of("prod", "pbx"), complete("billctl clients-accounts update 1 --profile p"));
        // sandbox is built in: profile remove refuses it, so it is not offered there.
        assertEquals(List.of("prod", "lab.eu", "pbx"), complete("billctl profile remove "));
        assertEquals(List.of("prod", "lab.eu", "pbx"), complete("billctl profile rm "));
        assertEquals(List.of(), complete("billctl profile remove s"));

        Path elsewhere = home.resolve("other.toml");
        Files.writeString(elsewhere, "[profiles.staging]\nbackend = \"yeti\"\n");
        assertEquals(List.of("sandbox", "staging"), complete("billctl account update 55 -p ", Map.of("BILLCTL_CONFIG", elsewhere.toString())));
        Path xdg = home.resolve("xdg");
        Files.createDirectories(xdg.resolve("billctl"));
        Files.writeString(xdg.resolve("billctl/config.toml"), "[profiles.xdg1]\n");
        assertEquals(List.of("sandbox", "xdg1"), complete("billctl -p ", Map.of("XDG_CONFIG_HOME", xdg.toString())));
    }

    /** (Quoted names are in ShellCompletionContract: this harness splits the line at every space.) */
    @Test
    void theConfigOnTheLineIsReadAsTheShellWouldNameIt() throws Exception {
        Files.writeString(home.resolve("tilde.toml"), "[profiles.tilded]\n");
        assertEquals(List.of("sandbox", "tilded"), complete("billctl --config ~/tilde.toml -p "));
        assertEquals(List.of("sandbox", "tilded"), complete("billctl --config=~/tilde.toml profile use "));
        // The last --config wins, as it does for billctl.
        assertEquals(List.of("sandbox", "tilded"), complete("billctl --config other.toml --config tilde.toml -p "));
    }

    @Test
    void optionsThatTakeAValueAreSkippedWhereverTheyAre() {
        // -v then -p, together: -p's value is the next word.
        assertEquals(List.of("sandbox"), complete("billctl -vp "));
        assertEquals(List.of("clients-accounts"), complete("billctl -vp sandbox --timeout 5 -o json cl"));
        // A value that looks like a command is the option's.
        assertEquals(List.of("clients-accounts"), complete("billctl -p profile cl"));
        assertEquals(List.of("--output=json", "--output=jsonl"), complete("billctl clients-accounts update 1 --output=js"));
        assertEquals(List.of("-ojson", "-ojsonl"), complete("billctl -ojs"));
        // After --, only arguments: no option, no subcommand.
        assertEquals(List.of(), complete("billctl clients-accounts update -- --na"));
    }

    @Test
    void fieldsCompleteAsACommaList() {
        List<String> offered = complete("billctl account get 55 --fields email,bl");
        assertEquals(List.of("email,blocked"), offered);
        assertTrue(complete("billctl clients-accounts list --fields name,").stream().noneMatch(f -> f.equals("name,name")), "a field offered twice");
    }

    @Test
    void profilesCompleteWithoutAConfig() {
        assertEquals(List.of("sandbox"), complete("billctl -p "));
        assertEquals(List.of("sandbox"), complete("billctl -p ", Map.of("BILLCTL_CONFIG", home.resolve("missing.toml").toString())));
    }

    @Test
    void theCompletionCommandPrintsTheCommittedScripts() throws Exception {
        assertEquals(Files.readString(SCRIPT), completion("bash"));
        assertEquals(Files.readString(Shell.ROOT.resolve("completions/_billctl")), completion("zsh"));
        assertEquals(Files.readString(Shell.ROOT.resolve("completions/billctl.fish")), completion("fish"));
    }

    private static String completion(String shell) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int exit = Cli.run(new Env(Map.of(), InputStream.nullInputStream(), print, err, Terminal.NONE), "completion", shell);
        assertEquals(0, exit);
        return out.toString(StandardCharsets.UTF_8);
    }
}
