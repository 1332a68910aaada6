package org.likeness.server;

/** What an API key may do: the kiosk key opens the door, the admin key does everything. */
public enum Role {
  /** Identify and verify only: the key a door kiosk holds. */
  KIOSK,
  /** Every route: enroll, remove, read the audit log and metrics, and also identify and verify. */
  ADMIN
}
