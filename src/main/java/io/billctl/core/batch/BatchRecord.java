package io.billctl.core.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One record as read: where it starts in the file, and its fields in the vendor's names (the id among them). */
public record BatchRecord(long line, ObjectNode fields) {}
