package io.billctl.sandbox;

/**
 * Where an emulator sits on the sandbox server and what the built-in profile logs in with: what
 * a call against a running {@code sandbox serve} needs, without building (and seeding) the emulator.
 */
record Mount(String path, SandboxCredentials credentials) {}
