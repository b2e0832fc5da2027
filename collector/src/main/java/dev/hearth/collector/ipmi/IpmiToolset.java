package dev.hearth.collector.ipmi;

/**
 * Which IPMI tools the collector host has: FreeIPMI ({@code ipmi-sensors}, {@code ipmi-dcmi}) or
 * ipmitool ({@code ipmitool sdr elist}, {@code ipmitool dcmi power reading}).
 */
public enum IpmiToolset {
    FREEIPMI, IPMITOOL
}
