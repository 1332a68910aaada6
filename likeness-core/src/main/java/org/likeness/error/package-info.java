/** Exceptions shared by every stage, split by who must act: the caller (bad input) or the operator (missing models). */
package org.likeness.error;
