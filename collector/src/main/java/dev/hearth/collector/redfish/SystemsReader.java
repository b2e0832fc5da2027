package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Systems collection: each ComputerSystem's Status and the Status of its Processors, GPUs among them
 * ({@code ProcessorType} GPU, or Accelerator as some BMCs call a GPU module). Only health is read here;
 * readings come from the chassis.
 */
final class SystemsReader {
    private SystemsReader() {
    }

    static List<Health> read(Walk walk, URI url) throws CollectException {
        List<Health> health = new ArrayList<>();
        for (Resource system : walk.fetchMembers(url)) {
            Optional<Status> status = system.status();
            if (status.isPresent()) {
                health.add(new Health(system.id(), system.label("Name"), "system", status.get()));
            }
            Optional<URI> processors = system.link("Processors");
            if (processors.isEmpty()) {
                continue;
            }
            for (Resource processor : walk.fetchMembers(processors.get())) {
                Optional<Status> s = processor.status();
                if (s.isPresent()) {
                    health.add(new Health(processor.id(), processor.label("Name"), component(processor), s.get()));
                }
            }
        }
        return health;
    }

    private static String component(Resource processor) throws CollectException {
        String type = processor.text("ProcessorType").orElse("");
        return switch (type) {
            case "GPU", "Accelerator" -> "gpu";
            case "CPU" -> "cpu";
            case "" -> "processor";
            default -> type.toLowerCase(Locale.ROOT);
        };
    }
}
