package org.vae4j;

/** Helpers for the one-line messages vae4j gives. */
public final class Messages {
    private Messages() {}

    /**
     * @param message a message, possibly of several lines, or {@code null}
     * @return its first line, or {@code unreadable} for none
     */
    public static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
