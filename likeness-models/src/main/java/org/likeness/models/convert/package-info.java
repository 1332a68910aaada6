/**
 * Converters that turn weights published for other frameworks into ONNX models Likeness can run. So
 * far: face-api's dlib ResNet face descriptor, {@code DlibResnetConverter}, and from TensorFlow Lite
 * sirius-ai's MobileFaceNet ({@code MobileFaceNetConverter}), the MTCNN cascade ({@code
 * MtcnnConverter}) and the Deep Tree Network anti-spoofing model ({@code DtnAntiSpoofConverter}).
 * All write the ONNX graph
 * with a small hand-rolled protobuf encoder ({@code OnnxGraphBuilder} over {@code ProtoWriter})
 * instead of a protobuf dependency; TensorFlow Lite files are read with a small hand-written
 * FlatBuffer reader ({@code FlatBufferReader}, {@code TfliteModel}) and translated by {@code
 * TfliteToOnnx}. TensorFlow.js graph models (Human's liveness and antispoof networks) are
 * translated op by op by {@code TfjsGraphToOnnx}, their weights read by {@code TfjsWeights}.
 */
package org.likeness.models.convert;
