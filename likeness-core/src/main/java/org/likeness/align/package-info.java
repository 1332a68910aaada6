/** Stage 3: warp each face onto the template its embedder was trained with. */
package org.likeness.align;
