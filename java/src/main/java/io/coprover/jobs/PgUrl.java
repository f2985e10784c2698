package io.coprover.jobs;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * A PostgreSQL location, given either as a libpq URI ({@code postgres://user:pass@host:port/db?…},
 * the form operators know from psql) or as a JDBC URL ({@code jdbc:postgresql://host:port/db?user=…}).
 * Credentials in a libpq URI are percent-decoded and passed to the driver as properties, so the JDBC
 * URL and {@link #toString()} never contain the password.
 *
 * @param jdbcUrl    the driver URL without user and password
 * @param properties user and password when the URI had them
 * @param display    the URL with any password replaced by {@code ***}
 */
public record PgUrl(String jdbcUrl, Properties properties, String display) {

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException when it is neither form, or has no host
     */
    public static PgUrl parse(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("PostgreSQL URL is empty");
        String u = url.trim();
        Properties props = new Properties();
        if (u.startsWith("jdbc:postgresql:")) {
            return new PgUrl(u, props, u.replaceAll("(?i)(password=)[^&]*", "$1***"));
        }
        String rest;
        if (u.startsWith("postgres://")) rest = u.substring("postgres://".length());
        else if (u.startsWith("postgresql://")) rest = u.substring("postgresql://".length());
        else
            throw new IllegalArgumentException(
                    "not a PostgreSQL URL (expected postgres://user:pass@host:port/db or jdbc:postgresql://…): " + u);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash); // "/db?params" or ""
        int at = authority.lastIndexOf('@');
        String hostPort = authority;
        String display = u;
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            hostPort = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            if (!user.isEmpty()) props.setProperty("user", decode(user));
            if (colon >= 0) {
                props.setProperty("password", decode(userInfo.substring(colon + 1)));
                display = u.substring(0, u.indexOf("://") + 3) + user + ":***@" + hostPort + path;
            }
        }
        if (hostPort.isEmpty()) throw new IllegalArgumentException("PostgreSQL URL has no host: " + display);
        return new PgUrl("jdbc:postgresql://" + hostPort + (path.isEmpty() ? "/" : path), props, display);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return display;
    }
}
