package dev.hearth.collector.redfish;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where one BMC lives, and which URLs count as "the same BMC". Links and redirects are followed only
 * there: a reply must not send the collector, and the credentials it carries, to another host, nor from
 * HTTPS down to plain HTTP.
 */
record BmcAddress(URI serviceRoot) {
    BmcAddress {
        Objects.requireNonNull(serviceRoot, "serviceRoot");
        String scheme = serviceRoot.getScheme();
        if (scheme == null || serviceRoot.getHost() == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("Redfish service root '" + serviceRoot
                    + "' is not an absolute URL; expected e.g. https://bmc-host/redfish/v1");
        }
    }

    /** True when {@code url} is on this BMC's host and does not downgrade HTTPS to HTTP. */
    boolean owns(URI url) {
        if (url.getScheme() == null || url.getHost() == null) {
            return false;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        boolean downgrade = serviceRoot.getScheme().equalsIgnoreCase("https") && scheme.equals("http");
        return (scheme.equals("http") || scheme.equals("https")) && !downgrade
                && url.getHost().equalsIgnoreCase(serviceRoot.getHost());
    }

    /** {@code reference} (a path, or a URL) against {@code base}, without any fragment. */
    static URI resolve(URI base, URI reference) {
        URI resolved = base.resolve(reference);
        if (resolved.getRawFragment() == null) {
            return resolved;
        }
        String text = resolved.toString();
        return URI.create(text.substring(0, text.indexOf('#')));
    }

    /**
     * The key under which a walk remembers a URL it has read: Redfish treats a trailing slash as the same
     * resource ({@code /redfish/v1/Systems/1/} and {@code /redfish/v1/Systems/1}).
     */
    static String key(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
