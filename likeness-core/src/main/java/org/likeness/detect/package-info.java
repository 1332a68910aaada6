/** Stage 1 and 2 of the pipeline: find face boxes, then their landmarks. */
package org.likeness.detect;
