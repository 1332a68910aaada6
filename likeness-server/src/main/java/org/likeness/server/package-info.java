/**
 * The office door service: {@link org.likeness.server.LikenessServer} answers "who is at the door?"
 * over a versioned JSON API, serves a kiosk page and an admin page, and writes every decision to an
 * audit log. It makes its decisions with the same engine calls and thresholds as the command line.
 *
 * <p>The request path: {@link org.likeness.server.Authenticator} checks the bearer key, {@link
 * org.likeness.server.Uploads} reads the multipart image within its size limit, {@link
 * org.likeness.server.EnginePool} lends a {@link org.likeness.engine.Likeness} to decode and
 * encode it, {@link org.likeness.server.Door} decides, and {@link org.likeness.server.ErrorMapping}
 * is the one place that turns exceptions into HTTP statuses.
 */
package org.likeness.server;
