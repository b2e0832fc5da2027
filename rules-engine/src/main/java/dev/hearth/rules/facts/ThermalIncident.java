package dev.hearth.rules.facts;

/**
 * Inserted by the correlation rules: an Xid on {@code node} followed a thermal slowdown, so the two
 * are one incident and the rules that would report each on its own stay quiet.
 */
public record ThermalIncident(String node, int xid, long eventMillis) {
}
