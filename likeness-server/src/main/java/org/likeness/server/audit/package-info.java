/**
 * The door's audit trail: one SQLite row per identify or verify decision, read back by the admin
 * page and by {@code likeness audit}.
 */
package org.likeness.server.audit;
