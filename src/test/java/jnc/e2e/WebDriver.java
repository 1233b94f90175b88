package jnc.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A few W3C WebDriver commands against a running chromedriver, over plain HTTP and JSON: enough
 * to open a page in headless Chromium, type into it, read it and take a screenshot.
 */
final class WebDriver implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String session;

    private WebDriver(String base, String session) {
        this.base = base;
        this.session = session;
    }

    /** A new headless Chromium with its own fresh profile, speaking {@code lang}. */
    static WebDriver open(int driverPort, Path profile, String lang) throws IOException, InterruptedException {
        String base = "http://127.0.0.1:" + driverPort;
        String args = String.join(",", quoted("--headless=new"), quoted("--no-sandbox"), quoted("--disable-gpu"),
                quoted("--disable-dev-shm-usage"), quoted("--disable-quic"), quoted("--no-first-run"),
                quoted("--disable-background-networking"), quoted("--disable-component-update"), quoted("--disable-sync"),
                quoted("--window-size=900,700"), quoted("--lang=" + lang), quoted("--user-data-dir=" + profile));
        String caps = "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\",\"goog:chromeOptions\":{"
                + "\"binary\":\"/usr/bin/chromium\",\"args\":[" + args + "],"
                + "\"prefs\":{\"intl.accept_languages\":" + quoted(lang) + "}}}}}";
        String reply = call("POST", base + "/session", caps);
        Matcher m = Pattern.compile("\"sessionId\"\\s*:\\s*\"([^\"]+)\"").matcher(reply);
        if (!m.find()) throw new IOException("chromedriver made no session: " + reply);
        return new WebDriver(base, m.group(1));
    }

    static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    void go(String url) throws IOException, InterruptedException {
        call("POST", base + "/session/" + session + "/url", "{\"url\":" + quoted(url) + "}");
    }

    /** Runs {@code script} in the page and returns its value as the JSON text chromedriver sent. */
    String script(String script) throws IOException, InterruptedException {
        String reply = call("POST", base + "/session/" + session + "/execute/sync", "{\"script\":" + quoted(script) + ",\"args\":[]}");
        return reply;
    }

    /** Runs {@code script}, which returns a string or a number, and returns that value as text. */
    String text(String script) throws IOException, InterruptedException {
        String reply = script(script);
        int v = reply.indexOf("\"value\":");
        if (v < 0) throw new IOException("no value: " + reply);
        int i = v + 8;
        if (reply.charAt(i) != '"') return reply.substring(i, reply.lastIndexOf('}')).trim();
        StringBuilder sb = new StringBuilder();
        for (i++; reply.charAt(i) != '"'; i++) {
            char c = reply.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = reply.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(reply.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }

    /** Types {@code text} into the element {@code css} names (a "\uE007" is Enter). */
    void type(String css, String text) throws IOException, InterruptedException {
        String reply = call("POST", base + "/session/" + session + "/element", "{\"using\":\"css selector\",\"value\":" + quoted(css) + "}");
        Matcher m = Pattern.compile("\"element-[^\"]+\"\\s*:\\s*\"([^\"]+)\"").matcher(reply);
        if (!m.find()) throw new IOException("no element " + css + ": " + reply);
        call("POST", base + "/session/" + session + "/element/" + m.group(1) + "/value", "{\"text\":" + quoted(text) + "}");
    }

    void screenshot(Path png) throws IOException, InterruptedException {
        String reply = call("GET", base + "/session/" + session + "/screenshot", null);
        Matcher m = Pattern.compile("\"value\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"").matcher(reply);
        if (!m.find()) throw new IOException("no screenshot: " + reply);
        Files.createDirectories(png.getParent());
        Files.write(png, Base64.getDecoder().decode(m.group(1)));
    }

    private static String call(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        b = json == null ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        if (method.equals("DELETE")) b = b.DELETE();
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException(method + " " + url + ": " + r.statusCode() + " " + r.body());
        return r.body();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        call("DELETE", base + "/session/" + session, null);
    }
}
