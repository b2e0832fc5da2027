package dev.hearth.controlplane.households;

import java.util.regex.Pattern;

/** The rule for household names, checked by the command line, the admin API and the store alike. */
public final class HouseholdName {
    /** Also a CHECK constraint of the table, so no other writer can store a name outside it. */
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private HouseholdName() {
    }

    /**
     * @return {@code name}, when it is 1 to 40 characters of a-z, 0-9 and '-', not starting with '-'
     * @throws IllegalArgumentException naming the value, the rule and an example
     */
    public static String requireValid(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("household name '" + (name == null ? "" : name)
                    + "' must be 1 to 40 characters of a-z, 0-9 and '-', not starting with '-', e.g. maple-street-12");
        }
        return name;
    }
}
