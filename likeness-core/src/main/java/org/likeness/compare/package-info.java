/** Stage 5: distances between embeddings and the accept/reject decision. */
package org.likeness.compare;
