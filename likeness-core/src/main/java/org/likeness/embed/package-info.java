/** Stage 4: turn an aligned face into an embedding, and the records that name which model did it. */
package org.likeness.embed;
