package org.likeness.eval;

/**
 * One model's result on LFW View 2 under the standard protocol.
 *
 * @param model model name
 * @param flip whether the flip trick was on
 * @param dimensions embedding size
 * @param pairs number of pairs
 * @param accuracy mean held-out fold accuracy
 * @param standardError sample sd of fold accuracies / sqrt(folds)
 * @param tarAt1e3 mean held-out TAR at the threshold giving FAR <= 1e-3 on the other folds
 * @param tarAt1e2 the same at FAR <= 1e-2
 * @param eer equal error rate over all pairs
 * @param auc area under the ROC over all pairs
 * @param msPerFace mean single-thread decode + pipeline time per image (NaN when all were cached)
 * @param missingFaces images in which no face was found
 * @param seconds wall time of the evaluation
 */
public record LfwReport(
    String model, boolean flip, int dimensions, int pairs, double accuracy, double standardError,
    double tarAt1e3, double tarAt1e2, double eer, double auc, double msPerFace, int missingFaces,
    double seconds) {}
