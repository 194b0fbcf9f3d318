/**
 * Model folders: saving, loading and resuming, with atomic writes and clear errors for bad folders; and the files
 * other tools read: metrics as CSV, arrays as NumPy {@code .npy}.
 */
package org.vae4j.io;
