/** The stages wired together: one photo in, the chosen face's embedding out. */
package org.likeness.pipeline;
