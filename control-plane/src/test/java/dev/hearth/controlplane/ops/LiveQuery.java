package dev.hearth.controlplane.ops;

/**
 * One PromQL expression the live check evaluates, and where it comes from.
 *
 * @param file     the dashboard (relative to dashboards/) or rule file (relative to alerts/)
 * @param subject  the panel title, {@code $variable}, or the rule's record or alert name
 * @param ref      what tells the queries of one subject apart: a target's refId, a rule's group
 * @param expr     the expression as sent to Prometheus (template variables substituted)
 * @param template the expression as written in the file
 */
record LiveQuery(Kind kind, String file, String subject, String ref, String expr, String template) {

    enum Kind {
        /** A dashboard panel's target: must return data. */
        PANEL("panel"),
        /** A dashboard variable's query: must return data, or the panels it feeds have nothing to filter on. */
        VARIABLE("variable"),
        /** A recording rule's expression: must return data. */
        RECORDING_RULE("record"),
        /** The series a recording rule writes: must exist, which proves Prometheus evaluated the rule. */
        RECORDED_SERIES("recorded series"),
        /** An alerting rule's expression: must be accepted; an alert that does not fire returns nothing. */
        ALERT("alert");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    boolean mustHaveData() {
        return kind != Kind.ALERT;
    }

    /** Stable across rounds, so a query's outcomes can be followed while its variables are re-resolved. */
    String key() {
        return kind + "\u0000" + file + "\u0000" + subject + "\u0000" + ref;
    }

    /** Where it is, the way an engineer would look it up: {@code fleet-overview.json · panel 'Power' · A}. */
    String where() {
        String dir = kind == Kind.PANEL || kind == Kind.VARIABLE ? "dashboards/" : "alerts/";
        return dir + file + " · " + kind.label + " '" + subject + "'" + (ref.isEmpty() ? "" : " · " + ref);
    }
}
