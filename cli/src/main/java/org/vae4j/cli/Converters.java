package org.vae4j.cli;

import java.util.List;
import java.util.Locale;
import org.vae4j.likelihood.Likelihood;
import org.vae4j.model.Architectures;
import org.vae4j.model.Families;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option types that check their range as they parse, so that each option's rule is declared once, with the option,
 * and a bad value fails with picocli's one line naming the option and the value.
 */
final class Converters {
    private Converters() {}

    private static int wholeNumber(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a whole number");
        }
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a number");
        }
    }

    /** A whole number from 1. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int v = wholeNumber(text);
            if (v < 1) {
                throw new TypeConversionException(text + ": expected a whole number >= 1");
            }
            return v;
        }
    }

    /** A whole number from 0. */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int v = wholeNumber(text);
            if (v < 0) {
                throw new TypeConversionException(text + ": expected a whole number >= 0");
            }
            return v;
        }
    }

    /** A finite number above 0. */
    static final class PositiveNumber implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double v = number(text);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new TypeConversionException(text + ": expected a positive number, e.g. 1e-3");
            }
            return v;
        }
    }

    /** A finite number from 0. */
    static final class NonNegativeNumber implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double v = number(text);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new TypeConversionException(text + ": expected a number >= 0");
            }
            return v;
        }
    }

    /** A factor in (0, 1]. */
    static final class Factor implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double v = number(text);
            if (!(v > 0 && v <= 1)) {
                throw new TypeConversionException(text + ": expected a factor in (0, 1], e.g. 0.1");
            }
            return v;
        }
    }

    /** A layer size: a whole number from 1, one element of a comma-separated list. */
    static final class LayerSize implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int v = wholeNumber(text);
            if (v < 1) {
                throw new TypeConversionException(text + ": expected positive sizes, e.g. 400 or 512,256");
            }
            return v;
        }
    }

    private static String oneOf(String text, List<String> names, String what) {
        if (!names.contains(text)) {
            throw new TypeConversionException("unknown " + what + " '" + text + "', expected one of "
                    + String.join(", ", names));
        }
        return text;
    }

    /** A likelihood's name. */
    static final class LikelihoodName implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return oneOf(text, Likelihood.NAMES, "likelihood");
        }
    }

    /** An architecture's name. */
    static final class ArchitectureName implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return oneOf(text.toLowerCase(Locale.ROOT), Architectures.names(), "architecture");
        }
    }

    /** A family's name. */
    static final class FamilyName implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return oneOf(text.toLowerCase(Locale.ROOT), Families.names(), "family");
        }
    }
}
