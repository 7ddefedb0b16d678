package io.billctl.core.backend;

import java.util.List;

/**
 * A vendor's request parameter that is not an account field, offered as an option of its
 * {@code update} (Enswitch's {@code --validate-only}, PortaBilling's {@code --release-assigned-did}).
 * Data, read once per run into {@link Update#extras()}.
 *
 * @param flag        the option, {@code --validate-only}
 * @param parameter   the request parameter it sets, {@code validation}
 * @param values      the values it takes; empty for a switch, which sets {@code whenOn}
 * @param whenOn      the value a switch sets ({@code "1"}); null for an option with a value
 * @param description its help
 * @param validatesOnly a switch with which the server only checks the update and changes nothing
 *                      (Enswitch's {@code validation=1}): billctl then says "valid, nothing changed",
 *                      never "updated" or "done", and has nothing to journal or undo
 */
public record RunOption(String flag, String parameter, List<String> values, String whenOn, String description, boolean validatesOnly) {
    public RunOption {
        values = List.copyOf(values);
    }

    /** A switch: present or not. */
    public static RunOption flag(String flag, String parameter, String whenOn, String description) {
        return new RunOption(flag, parameter, List.of(), whenOn, description, false);
    }

    /** A switch with which the server checks the update and changes nothing. */
    public static RunOption validation(String flag, String parameter, String whenOn, String description) {
        return new RunOption(flag, parameter, List.of(), whenOn, description, true);
    }

    /** An option that takes one of {@code values}. */
    public static RunOption choice(String flag, String parameter, List<String> values, String description) {
        return new RunOption(flag, parameter, values, null, description, false);
    }

    /** Whether a run with these request {@code extras} only has the server check its updates. */
    public static boolean validatesOnly(List<RunOption> options, java.util.Map<String, String> extras) {
        for (RunOption option : options) {
            if (option.validatesOnly && option.whenOn.equals(extras.get(option.parameter))) return true;
        }
        return false;
    }

    public boolean isSwitch() {
        return whenOn != null;
    }

    /** {@code <0|1>}. */
    public String paramLabel() {
        return "<" + String.join("|", values) + ">";
    }
}
