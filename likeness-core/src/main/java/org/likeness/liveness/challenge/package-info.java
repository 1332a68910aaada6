/**
 * The active liveness challenge at the kiosk: the server asks for a head turn in a random {@link
 * org.likeness.liveness.challenge.TurnDirection}, the kiosk sends a short burst of frames, and a
 * {@link org.likeness.liveness.challenge.ChallengeJudge} decides from all of them whether a live
 * person made the turn. A printed photo or a phone screen moves as one plane, so its landmarks
 * follow one homography from frame to frame; a real head shows parallax (the nose moves against the
 * eyes and mouth). Pure arithmetic on detected faces and embeddings: no model is involved.
 *
 * <p><b>Image convention.</b> Frames are non-mirrored camera frames (what the camera sees, not a
 * selfie preview). A person facing the camera has their own left on the image's right; turning to
 * their own left brings their nose toward the image's right. {@link
 * org.likeness.detect.FivePoints#leftEye()} is the eye with the smaller image x (the person's right
 * eye).
 */
package org.likeness.liveness.challenge;
