/**
 * Camera input, the stage before {@code image -> detect}: a {@link org.likeness.camera.CameraSource}
 * (RTSP, HTTP MJPEG, a V4L2 device or a video file) is decoded through FFmpeg on one thread by a
 * {@link org.likeness.camera.CameraFeed}, which hands out only the newest {@link
 * org.likeness.camera.Frame}, drops the ones a slow consumer missed, reconnects live streams with
 * back-off and reports all of it as {@link org.likeness.camera.CameraHealth}.
 */
package org.likeness.camera;
