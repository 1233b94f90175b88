package jnc.tls;

import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLException;

import jnc.base.IoErrors;

/** JSSE's exceptions as one short line; its messages can carry class names and nested causes. */
final class TlsErrors {
    private TlsErrors() {
    }

    static String describe(IOException e) {
        if (!(e instanceof SSLException)) return IoErrors.describe(e);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "certificate verify failed (no trusted certificate path to the server's certificate).";
            }
            if (t instanceof CertificateException && t.getMessage() != null && t.getMessage().startsWith("No ")) {
                return "certificate verify failed (" + firstLine(t.getMessage()).replaceFirst("\\.$", "") + ").";
            }
        }
        String m = firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return m.endsWith(".") ? m : m + ".";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
