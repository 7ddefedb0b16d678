package io.billctl.core.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One validated update: the account's id and the fields to set, in the vendor's names and JSON shape. */
public record Update(String id, ObjectNode fields) {}
