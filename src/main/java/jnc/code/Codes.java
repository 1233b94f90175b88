package jnc.code;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * The short codes of {@code --code}: a number and two words, {@code 7-apfel-tisch}. What the two
 * people say and type is compared only inside the PAKE, never sent.
 */
public final class Codes {
    /** Numbers run from 0 to 999: with two words of 256, about 26 bits. */
    private static final int NUMBERS = 1000;

    private Codes() {
    }

    /** A fresh code from a strong random source, in German words under a German locale. */
    public static String make(SecureRandom random) {
        String[] words = "de".equals(Locale.getDefault().getLanguage()) ? Words.GERMAN : Words.ENGLISH;
        return random.nextInt(NUMBERS) + "-" + words[random.nextInt(words.length)] + "-" + words[random.nextInt(words.length)];
    }

    /** The form both sides feed to the PAKE: case and spaces around it do not count. */
    public static String normalize(String code) {
        return code.strip().toLowerCase(Locale.ROOT);
    }
}
