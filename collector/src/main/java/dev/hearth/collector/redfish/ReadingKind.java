package dev.hearth.collector.redfish;

/** What a reading measures, for choosing the one resource of a chassis it is read from. */
enum ReadingKind {
    TEMPERATURE("temperatures", "sensor"),
    FAN("fan speeds", "fan"),
    POWER("power readings", "control"),
    POWER_SUPPLY("power supply readings", "power_supply");

    private final String description;
    private final String nameLabel;

    ReadingKind(String description, String nameLabel) {
        this.description = description;
        this.nameLabel = nameLabel;
    }

    String description() {
        return description;
    }

    /** The label that names the sensor, fan, control or supply. */
    String nameLabel() {
        return nameLabel;
    }
}
