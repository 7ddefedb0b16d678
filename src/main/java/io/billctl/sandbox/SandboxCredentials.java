package io.billctl.sandbox;

/** The fixed credentials an emulator accepts; documented in README, the same for every user. */
public record SandboxCredentials(String username, String password, String apiKey) {
    @Override
    public String toString() {
        return "sandbox credentials for " + username;
    }
}
