/**
 * Converters that turn weights published for other frameworks into ONNX models Likeness can run.
 * So far: face-api's dlib ResNet face descriptor, {@code DlibResnetConverter}, written with a small
 * hand-rolled ONNX protobuf encoder ({@code OnnxGraphBuilder} over {@code ProtoWriter}) instead of
 * a protobuf dependency.
 */
package org.likeness.models.convert;
