package dev.hearth.rules.fleet;

import dev.hearth.rules.facts.XidPolicy;

import java.util.List;

import static dev.hearth.rules.facts.XidResponse.ISOLATE;
import static dev.hearth.rules.facts.XidResponse.ISOLATE_AND_REPAIR;
import static dev.hearth.rules.facts.XidResponse.RECORD;
import static dev.hearth.rules.facts.XidResponse.RESTART_SERVICE;

/** The Xid policy tables the GPU rules join events with. */
public final class XidPolicies {
    private XidPolicies() {
    }

    /**
     * Turing GeForce cards (RTX 2080 Ti): no NVLink, no row remapping, so the codes that matter are
     * the bus, application and memory errors. Names, catalogue actions and fatality follow NVIDIA's Xid
     * catalogue; the responses map them onto what a household fleet can do.
     */
    public static List<XidPolicy> turingGeForce() {
        return List.of(
                // RESTART_BM: the card is gone until the machine is power-cycled, which needs hands
                new XidPolicy(79, "ROBUST_CHANNEL_GPU_HAS_FALLEN_OFF_THE_BUS", ISOLATE_AND_REPAIR, "RESTART_BM", true),
                // application errors: the serving process is the application, so restarting it is the fix
                new XidPolicy(13, "ROBUST_CHANNEL_GR_EXCEPTION / ROBUST_CHANNEL_GR_ERROR_SW_NOTIFY", RESTART_SERVICE,
                        "RESTART_APP", false),
                new XidPolicy(31, "ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT", RESTART_SERVICE, "RESTART_APP", false),
                // the catalogue ignores 43 because the driver already killed the application; here the
                // application is the serving process, which must come back
                new XidPolicy(43, "ROBUST_CHANNEL_RESETCHANNEL_VERIF_ERROR", RESTART_SERVICE, "IGNORE", false),
                // memory: uncontained or uncorrectable errors need a GPU reset, so the GPU leaves service
                new XidPolicy(48, "ROBUST_CHANNEL_GPU_ECC_DBE", ISOLATE, "WORKFLOW_XID_48", true),
                new XidPolicy(64, "INFOROM_DRAM_RETIREMENT_FAILURE", ISOLATE, "RESET_GPU", true),
                new XidPolicy(95, "ROBUST_CHANNEL_UNCONTAINED_ERROR", ISOLATE, "RESET_GPU", true),
                // a contained error killed only the process that touched the bad memory
                new XidPolicy(94, "ROBUST_CHANNEL_CONTAINED_ERROR", RESTART_SERVICE, "RESTART_APP", false),
                // corrected errors and successful page retirements: recorded, no action
                new XidPolicy(63, "INFOROM_DRAM_RETIREMENT_EVENT", RECORD, "IGNORE", false),
                new XidPolicy(92, "EXCESSIVE_SBE_INTERRUPTS", RECORD, "IGNORE", false));
    }
}
