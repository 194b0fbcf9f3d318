/** Model folders: saving, loading and resuming, with atomic writes and clear errors for bad folders. */
package org.vae4j.io;
