package org.likeness.models;

/** Memory order of an image tensor. */
public enum TensorLayout {
  /** batch, channels, height, width (PyTorch and most ONNX exports). */
  NCHW,
  /** batch, height, width, channels (TensorFlow, tfjs, TFLite). */
  NHWC
}
