package org.likeness.gallery;

/**
 * What enrolling one template did. Re-running an interrupted enrollment job is safe: images already
 * enrolled for the same person come back as {@link Status#ALREADY_ENROLLED} and change nothing.
 *
 * @param status whether the template was added or was already there
 * @param templateId the id of the stored template (the earlier one when already enrolled)
 * @param person the person's name as stored (Unicode NFC)
 */
public record EnrollOutcome(Status status, long templateId, String person) {
  /** Whether an enrollment added a template. */
  public enum Status {
    /** The template was added and committed. */
    ENROLLED,
    /** The same image was already enrolled for this person with this model; nothing changed. */
    ALREADY_ENROLLED
  }

  public EnrollOutcome {
    if (status == null || person == null) {
      throw new IllegalArgumentException("an outcome needs a status and a person");
    }
  }

  /** True when this call added a template. */
  public boolean added() {
    return status == Status.ENROLLED;
  }
}
