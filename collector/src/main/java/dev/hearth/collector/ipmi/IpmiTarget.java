package dev.hearth.collector.ipmi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A BMC to read over the network, and the account to read it with.
 *
 * <p>Host and user become command-line arguments, so they are held to what a host name, an address or an
 * IPMI user name can be, and may not start with '-' (they would read as options). The password never goes
 * on a command line (see {@link IpmiSource}) and is masked in {@link #toString()}.
 *
 * @param host     the BMC's host name or IP address
 * @param user     the IPMI user, at most 16 characters (the IPMI limit)
 * @param password the IPMI password, at most 20 characters (the IPMI 2.0 limit)
 */
public record IpmiTarget(String host, String user, String password, LanInterface lanInterface) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:%\\[\\]][A-Za-z0-9_.:%\\[\\]-]{0,252}");
    private static final Pattern USER = Pattern.compile("[\\x21-\\x7E&&[^-]][\\x21-\\x7E]{0,15}");
    private static final Pattern PASSWORD = Pattern.compile("[\\x20-\\x7E]{0,20}");

    public IpmiTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(lanInterface, "lanInterface");
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("BMC host '" + host + "' is not a host name or IP address"
                    + " (letters, digits, '.', '-', ':'; not starting with '-'), e.g. bmc-node-3.lan or 10.0.3.2");
        }
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException("IPMI user '" + user + "' for " + host + " must be 1 to 16 printable"
                    + " characters without spaces, not starting with '-'");
        }
        if (!PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException("the IPMI password for " + user + "@" + host + " must be at most 20"
                    + " printable ASCII characters (the IPMI 2.0 limit)");
        }
    }

    @Override
    public String toString() {
        return "IpmiTarget[" + user + "@" + host + " " + lanInterface.ipmitool + ", password ****]";
    }
}
