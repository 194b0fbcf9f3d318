package org.vae4j;

/**
 * An error the user caused and can fix: a missing or malformed file, a wrong shape, a bad option value, an empty
 * dataset, an incompatible model folder.
 *
 * <p>The message is one line that names the file or option and says what was expected. The command line prints it
 * without a stack trace and exits with code 2.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line naming the file or option and what was expected
     */
    public BadInputException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the low-level cause kept for {@code --verbose}.
     *
     * @param message one line naming the file or option and what was expected
     * @param cause the underlying error
     */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
