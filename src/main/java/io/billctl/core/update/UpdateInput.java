package io.billctl.core.update;

import java.util.List;

/**
 * The fields a command line gives, before they are typed: catalog flags, {@code --set},
 * {@code --unset}; and its expectations, {@code --expect FIELD=VALUE}.
 */
public record UpdateInput(List<FieldFlag> flags, List<String> sets, List<String> unsets, boolean allowUnknown, List<String> expects) {

    public UpdateInput(List<FieldFlag> flags, List<String> sets, List<String> unsets, boolean allowUnknown) {
        this(flags, sets, unsets, allowUnknown, List.of());
    }
}
