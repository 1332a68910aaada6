/** The model catalog, and fetching, checking and converting pretrained weights. */
package org.likeness.models;
