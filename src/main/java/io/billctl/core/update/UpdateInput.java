package io.billctl.core.update;

import java.util.List;

/** Everything an update command was told, before it is typed, merged and validated. */
public record UpdateInput(String id, String fromFile, List<FieldFlag> flags, List<String> sets, List<String> unsets, boolean allowUnknown) {}
