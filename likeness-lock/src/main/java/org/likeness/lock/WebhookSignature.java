package org.likeness.lock;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a {@link WebhookActuator} puts on each request, and the check a receiver makes.
 *
 * <p>The sender puts the time in epoch seconds in {@code X-Likeness-Timestamp} and {@code
 * sha256=<hex>} in {@code X-Likeness-Signature}, where {@code <hex>} is the lower-case hex
 * HMAC-SHA256, keyed with the shared secret's UTF-8 bytes, of the UTF-8 bytes of {@code <timestamp>
 * + "." + <body>}. A receiver recomputes it over the raw body it received, compares in constant
 * time, and should also refuse a timestamp far from its own clock (a replayed request).
 */
public final class WebhookSignature {

  /** The header carrying the epoch-seconds timestamp that is signed along with the body. */
  public static final String TIMESTAMP_HEADER = "X-Likeness-Timestamp";

  /** The header carrying {@code sha256=<hex>}. */
  public static final String SIGNATURE_HEADER = "X-Likeness-Signature";

  private static final String PREFIX = "sha256=";
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  /** The {@code X-Likeness-Signature} value for this timestamp and body. */
  public static String sign(String secret, long timestamp, String body) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("webhook secret must not be empty");
    }
    return PREFIX + hex(hmac(secret, timestamp + "." + body));
  }

  /**
   * Whether {@code header} is the signature of {@code timestamp} and {@code body} under {@code
   * secret}, compared in constant time. A missing or malformed header is simply not valid.
   */
  public static boolean verify(String secret, String timestamp, String body, String header) {
    if (secret == null || secret.isEmpty() || timestamp == null || body == null || header == null) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      return false;
    }
    byte[] expected = sign(secret, seconds, body).getBytes(StandardCharsets.US_ASCII);
    byte[] given = header.strip().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  private static byte[] hmac(String secret, String message) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return out.toString();
  }
}
