package org.vae4j.cli;

/** A command could not do its job for a reason that is not bad input; printed as one line, exit code 1. */
final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailedException(String message) {
        super(message);
    }
}
