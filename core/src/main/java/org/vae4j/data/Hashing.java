package org.vae4j.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers and message formatting shared by the readers. */
public final class Hashing {
    private Hashing() {}

    /** @return a fresh SHA-256 digest */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** @return the lower-case hex SHA-256 of {@code data} */
    public static String sha256Hex(byte[] data) {
        return hex(sha256().digest(data));
    }

    /** @return lower-case hex of {@code bytes} */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Describes an exception in a few words on one line, using the first message found along the cause chain.
     *
     * @param e the exception
     * @return its message without line breaks, or its class name when no message exists
     */
    /**
     * Reads a whole file, turning every failure into one line that names the file.
     *
     * @param file the file
     * @param expected what the file should be, for the message, e.g. "an IDX file"
     * @return its bytes
     */
    public static byte[] readAll(java.nio.file.Path file, String expected) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new org.vae4j.BadInputException(file + ": no such file, expected " + expected, e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new org.vae4j.BadInputException(file + ": cannot read: permission denied", e);
        } catch (java.io.IOException e) {
            throw new org.vae4j.BadInputException(file + ": cannot read: " + describe(e), e);
        }
    }

    public static String describe(Throwable e) {
        Throwable t = e;
        while (t != null) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                return oneLine(m);
            }
            t = t.getCause();
        }
        return e.getClass().getSimpleName();
    }

    /** @return {@code text} with every line break and run of whitespace turned into one space */
    public static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }
}
