package dev.hearth.collector.redfish;

import java.nio.file.Path;
import java.util.List;

/**
 * The vendor payloads of {@code ../shared/fixtures/redfish/vendor} as BMCs (see {@link VendorScenario}),
 * one per capture set, and the deliberately malformed files each put where its valid twin sits.
 */
final class VendorScenarios {
    private static final String TELEGRAF = "telegraf-redfish-testdata/";
    private static final String DELL = TELEGRAF + "dell/";
    private static final String HP = TELEGRAF + "hp/";
    private static final String LENOVO = "bmclib-lenovo-fixtures-v1/";
    private static final String BMCLIB = "bmclib-redfishwrapper-fixtures/";
    private static final String SUSHY = "sushy-oem-idrac-json-samples/";
    private static final String DELL_CHASSIS = "/redfish/v1/Chassis/System.Embedded.1";
    private static final String DELL_SYSTEM = "/redfish/v1/Systems/System.Embedded.1";

    private VendorScenarios() {
    }

    static List<VendorScenario> all(Path vendor) {
        return List.of(
                dell(vendor, "dell_thermal.json", "dell_power.json", "dell_chassis.json", "dell_systems.json").build(),
                hp("telegraf-hpe-ilo5", vendor, "hp_thermal.json", "hp_power.json", "hp_systems.json").build(),
                hp("telegraf-hpe-ilo4", vendor, "hp_thermal_ilo4.json", "hp_power.json", "hp_systems.json").build(),
                // Telegraf made this one to test a system without Links; this walk does not need them
                hp("telegraf-hpe-system-without-links", vendor, "hp_thermal.json", "hp_power.json",
                        "hp_systems_nolink.json").build(),
                hpSubsystems(vendor),
                VendorScenario.named("bmclib-lenovo-xcc", vendor)
                        .file(LENOVO + "serviceroot.json").file(LENOVO + "chassis.json").file(LENOVO + "chassis.1.json")
                        .file(LENOVO + "thermal.json").file(LENOVO + "power.json").file(LENOVO + "systems.json")
                        .file(LENOVO + "system.lenovo.json").file(LENOVO + "managers.json").file(LENOVO + "manager.1.json")
                        .build(),
                VendorScenario.named("bmclib-dell-idrac", vendor)
                        .file(BMCLIB + "dell/serviceroot.json").glueCollection("/redfish/v1/Chassis")
                        .file(BMCLIB + "dell/systems.json").file(BMCLIB + "dell/system.embedded.1.json")
                        .glueCollection(DELL_SYSTEM + "/Processors")
                        .file(BMCLIB + "dell/managers.json").file(BMCLIB + "dell/manager.idrac.embedded.1.json")
                        .build(),
                VendorScenario.named("bmclib-supermicro-1.14.0", vendor)
                        .file(BMCLIB + "smc_1.14.0_serviceroot.json").glueCollection("/redfish/v1/Chassis")
                        .file(BMCLIB + "smc_1.14.0_systems.json").file(BMCLIB + "smc_1.14.0_systems_1.json")
                        .glueCollection("/redfish/v1/Systems/1/Processors")
                        .build(),
                VendorScenario.named("bmclib-supermicro-1.9.0", vendor)
                        .file(BMCLIB + "smc_1.9.0_serviceroot.json").glueCollection("/redfish/v1/Chassis")
                        .glueCollection("/redfish/v1/Systems")
                        .build(),
                VendorScenario.named("sushy-dell-idrac", vendor)
                        .file(SUSHY + "root.json").glueCollection("/redfish/v1/Chassis")
                        .glueCollection("/redfish/v1/Systems", DELL_SYSTEM).file(SUSHY + "system.json")
                        .glueCollection(DELL_SYSTEM + "/Processors")
                        .file(SUSHY + "manager_collection.json").file(SUSHY + "manager.json")
                        .build());
    }

    /** A malformed vendor file, served where its valid twin is, and the URL path the walk meets it at. */
    record Invalid(String file, VendorScenario scenario, String path) {
    }

    static List<Invalid> invalid(Path vendor) {
        String hpChassis = "/redfish/v1/Chassis/1";
        return List.of(
                new Invalid(DELL + "dell_thermalinvalid.json",
                        dell(vendor, "dell_thermalinvalid.json", "dell_power.json", "dell_chassis.json",
                                "dell_systems.json").build(), DELL_CHASSIS + "/Thermal"),
                new Invalid(DELL + "dell_powerinvalid.json",
                        dell(vendor, "dell_thermal.json", "dell_powerinvalid.json", "dell_chassis.json",
                                "dell_systems.json").build(), DELL_CHASSIS + "/Power"),
                new Invalid(DELL + "dell_chassisinvalid.json",
                        dell(vendor, "dell_thermal.json", "dell_power.json", "dell_chassisinvalid.json",
                                "dell_systems.json").build(), DELL_CHASSIS),
                new Invalid(DELL + "dell_systemsinvalid.json",
                        dell(vendor, "dell_thermal.json", "dell_power.json", "dell_chassis.json",
                                "dell_systemsinvalid.json").build(), DELL_SYSTEM),
                new Invalid(HP + "hp_thermalinvalid.json",
                        hp("hp", vendor, "hp_thermalinvalid.json", "hp_power.json", "hp_systems.json").build(),
                        hpChassis + "/Thermal"),
                new Invalid(HP + "hp_powerinvalid.json",
                        hp("hp", vendor, "hp_thermal.json", "hp_powerinvalid.json", "hp_systems.json").build(),
                        hpChassis + "/Power"),
                new Invalid(HP + "hp_systemsinvalid.json",
                        hp("hp", vendor, "hp_thermal.json", "hp_power.json", "hp_systemsinvalid.json").build(),
                        "/redfish/v1/Systems/1"));
    }

    /** Telegraf's Dell iDRAC captures under Telegraf's service root (which it uses for both vendors). */
    private static VendorScenario.Builder dell(Path vendor, String thermal, String power, String chassis,
                                               String system) {
        return VendorScenario.named("telegraf-dell-idrac", vendor)
                .file(TELEGRAF + "base.json")
                .glueCollection("/redfish/v1/Chassis", DELL_CHASSIS)
                // placed by path: the malformed twins have no readable @odata.id
                .at(DELL_CHASSIS, DELL + chassis)
                .at(DELL_CHASSIS + "/Thermal", DELL + thermal)
                .at(DELL_CHASSIS + "/Power", DELL + power)
                .file(DELL + "dell_available_systems.json")
                .at(DELL_SYSTEM, DELL + system)
                .glueCollection(DELL_SYSTEM + "/Processors");
    }

    /** Telegraf's HPE iLO captures; the chassis documents have no @odata.id, so they are placed. */
    private static VendorScenario.Builder hp(String name, Path vendor, String thermal, String power, String system) {
        return VendorScenario.named(name, vendor)
                .file(TELEGRAF + "base.json")
                .glueCollection("/redfish/v1/Chassis", "/redfish/v1/Chassis/1")
                .at("/redfish/v1/Chassis/1", HP + "hp_chassis.json")
                .at("/redfish/v1/Chassis/1/Thermal", HP + thermal)
                .at("/redfish/v1/Chassis/1/Power", HP + power)
                .file(HP + "hp_available_systems.json")
                .at("/redfish/v1/Systems/1", HP + system)
                .glueCollection("/redfish/v1/Systems/1/Processors");
    }

    /**
     * HPE iLO's ThermalSubsystem and PowerSubsystem captures. The supply's Metrics link names
     * .../PowerSupply1/Metrics while the Metrics capture calls itself .../Bay1/Metrics, so it is placed at
     * the path linked to.
     */
    private static VendorScenario hpSubsystems(Path vendor) {
        String ts = HP + "thermal_subsys/";
        String ps = HP + "power_subsys/";
        return VendorScenario.named("telegraf-hpe-subsystems", vendor)
                .file(TELEGRAF + "base.json")
                .glueCollection("/redfish/v1/Chassis", "/redfish/v1/Chassis/1")
                .at("/redfish/v1/Chassis/1", HP + "hp_chassis_subsys.json")
                .file(ts + "hp_thermal_subsys.json").file(ts + "hp_thermal_metrics.json")
                .file(ts + "hp_thermal_subsys_fans.json").file(ts + "hp_thermal_subsys_fans_0.json")
                .file(ps + "hp_power_subsys.json").file(ps + "hp_power_subsys_psu.json").file(ps + "hp_power_subsys_psu_1.json")
                .at("/redfish/v1/Chassis/1/PowerSubsystem/PowerSupplies/PowerSupply1/Metrics",
                        ps + "hp_power_subsys_metrics.json")
                .file(HP + "hp_available_systems.json")
                .at("/redfish/v1/Systems/1", HP + "hp_systems.json")
                .glueCollection("/redfish/v1/Systems/1/Processors")
                .build();
    }
}
