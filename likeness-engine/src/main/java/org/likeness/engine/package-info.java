/** The Likeness facade and the wiring from catalog models to a running pipeline. */
package org.likeness.engine;
