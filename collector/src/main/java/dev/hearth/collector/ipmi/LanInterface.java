package dev.hearth.collector.ipmi;

/** How to reach a BMC over the network: IPMI 1.5 ({@code lan}) or IPMI 2.0 / RMCP+ ({@code lanplus}). */
public enum LanInterface {
    LAN("lan", "LAN"),
    LANPLUS("lanplus", "LAN_2_0");

    /** The name ipmitool's {@code -I} takes. */
    final String ipmitool;
    /** The name FreeIPMI's {@code --driver-type} takes. */
    final String freeIpmi;

    LanInterface(String ipmitool, String freeIpmi) {
        this.ipmitool = ipmitool;
        this.freeIpmi = freeIpmi;
    }
}
