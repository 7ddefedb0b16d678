package io.billctl.core.backend;

import io.billctl.core.config.Endpoint;
import io.billctl.core.http.Transport;

/** A backend's client at one endpoint, and the transport it sends through. */
public record Connection(Backend backend, Endpoint endpoint, UpdateClient client, Transport transport) {}
