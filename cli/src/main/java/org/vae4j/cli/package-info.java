/**
 * The {@code vae4j} command line: picocli commands over the vae4j library, one class per subcommand. Bad input ends
 * with exit code 2 and one line naming the file or option; failures with exit code 1.
 */
package org.vae4j.cli;
