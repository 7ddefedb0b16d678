package io.billctl.core.backend;

/** What a profile of a backend must hold. */
public enum CredentialKind {
    /** An API key, sent as a header. */
    API_KEY,
    /** A username and a password, sent with each call or traded for a session. */
    USERNAME_PASSWORD,
    /** A username and either a password or an API token, traded for a session. */
    USERNAME_PASSWORD_OR_TOKEN
}
