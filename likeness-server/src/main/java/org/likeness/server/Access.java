package org.likeness.server;

import io.javalin.security.RouteRole;

/** Who may call a route; each route declares exactly one, and {@link Authenticator} enforces it. */
public enum Access implements RouteRole {
  /** No key: the pages, their static files, {@code /health} and {@code /openapi.json}. */
  PUBLIC,
  /** The kiosk key or the admin key: identify and verify. */
  DOOR,
  /** The admin key only. */
  ADMIN;

  /** Whether a caller holding {@code role} may use a route with this access. */
  public boolean allows(Role role) {
    return switch (this) {
      case PUBLIC, DOOR -> true;
      case ADMIN -> role == Role.ADMIN;
    };
  }
}
