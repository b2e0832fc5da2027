package dev.hearth.rules.fleet;

import dev.hearth.rules.facts.XidPolicy;
import dev.hearth.rules.facts.XidResponse;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GPU pack's Xid policy against NVIDIA's Xid catalogue (as published by NVSentinel): every code the
 * policy names exists there with the same name, recommended action and fatality, and the policy's
 * response belongs to that action's class.
 */
class XidCatalogueConformanceTest {
    private static final Path CATALOGUE =
            Path.of("../../shared/fixtures/nvidia-smi/xid/nvsentinel-xiderrorsmapping.csv");
    /** The codes the rules issue names: bus, application and memory errors. */
    private static final Set<Integer> NAMED = Set.of(79, 13, 31, 43, 48, 63, 64, 92, 94, 95);
    /** Which of our responses fit each catalogue action. */
    private static final Map<String, Set<XidResponse>> CLASSES = Map.of(
            "RESTART_BM", Set.of(XidResponse.ISOLATE_AND_REPAIR),
            "RESET_GPU", Set.of(XidResponse.ISOLATE, XidResponse.ISOLATE_AND_REPAIR),
            "WORKFLOW_XID_48", Set.of(XidResponse.ISOLATE, XidResponse.ISOLATE_AND_REPAIR),
            "RESTART_APP", Set.of(XidResponse.RESTART_SERVICE),
            // the catalogue ignores codes after which the driver already killed the application; for us the
            // application is the serving process, so restarting it (43) is in the class as well as recording
            "IGNORE", Set.of(XidResponse.RECORD, XidResponse.RESTART_SERVICE));

    record Row(String name, String action, boolean fatal) {
    }

    @Test
    void thePolicyAgreesWithTheCatalogue() throws IOException {
        Path csv = CATALOGUE.toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(csv),
                "skipped: the Xid catalogue " + csv + " is absent (it lives in ../shared/fixtures beside the repository)");
        Map<Integer, Row> catalogue = new HashMap<>();
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",");
            if (f.length == 4 && f[0].strip().matches("\\d+")) {
                catalogue.put(Integer.parseInt(f[0].strip()), new Row(f[1].strip(), f[2].strip(),
                        f[3].strip().equals("FATAL")));
            }
        }
        assertThat(catalogue).hasSizeGreaterThan(100);
        List<XidPolicy> policy = XidPolicies.turingGeForce();
        assertThat(policy).extracting(XidPolicy::xid).containsExactlyInAnyOrderElementsOf(NAMED);
        for (XidPolicy p : policy) {
            Row row = catalogue.get(p.xid());
            assertThat(row).as("Xid %d in the catalogue", p.xid()).isNotNull();
            assertThat(p.name()).as("name of Xid %d", p.xid()).isEqualTo(row.name());
            assertThat(p.catalogueAction()).as("catalogue action of Xid %d", p.xid()).isEqualTo(row.action());
            assertThat(p.fatal()).as("fatality of Xid %d", p.xid()).isEqualTo(row.fatal());
            assertThat(CLASSES.get(row.action())).as("responses fitting %s (Xid %d)", row.action(), p.xid())
                    .contains(p.response());
            // fatal codes take the GPU out of service; non-fatal ones never do on their first occurrence
            assertThat(p.response() == XidResponse.ISOLATE || p.response() == XidResponse.ISOLATE_AND_REPAIR)
                    .as("Xid %d isolates", p.xid()).isEqualTo(row.fatal());
        }
    }
}
