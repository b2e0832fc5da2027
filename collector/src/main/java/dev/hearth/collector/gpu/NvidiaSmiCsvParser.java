package dev.hearth.collector.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code nvidia-smi --query-gpu=<fields> --format=csv[,noheader][,nounits]} into one
 * {@link GpuFacts} per row.
 *
 * <p>Columns are recognised by field name, so any selection and order of fields works; fields this
 * parser has no use for are ignored. The header spells fields canonically ({@code clocks.current.graphics}
 * for {@code clocks.gr}, {@code clocks_event_reasons.*} for {@code clocks_throttle_reasons.*}) and carries
 * units ({@code memory.used [MiB]}); both spellings are accepted, and with {@code nounits} the header's
 * unit is what bare numbers are in. Without a header ({@code noheader}) the caller passes the fields as
 * given to {@code --query-gpu}, and units are nvidia-smi's usual ones (MiB, W, MHz, %, °C).
 *
 * <p>nvidia-smi does not quote CSV values; none of the fields read here contains a comma.
 */
public final class NvidiaSmiCsvParser {
    private static final Pattern HEADER_FIELD = Pattern.compile("([^\\[\\]]+?)\\s*(?:\\[([^\\]]*)\\])?");
    private static final Pattern ECC = Pattern.compile(
            "ecc\\.errors\\.(corrected|uncorrected)\\.(volatile|aggregate)\\.(.+)");
    /** ECC locations read; the per-unit SRAM breakdown and the threshold flag are left out, as in the XML. */
    private static final Set<String> ECC_LOCATIONS = Set.of("device_memory", "dram", "sram", "register_file",
            "l1_cache", "l2_cache", "texture_memory", "texture_shm", "cbu", "total", "sram.parity", "sram.secded");
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("gpu_name", "name"), Map.entry("gpu_uuid", "uuid"), Map.entry("gpu_bus_id", "pci.bus_id"),
            Map.entry("clocks.gr", "clocks.current.graphics"), Map.entry("clocks.sm", "clocks.current.sm"),
            Map.entry("clocks.mem", "clocks.current.memory"), Map.entry("clocks.video", "clocks.current.video"),
            Map.entry("retired_pages.sbe", "retired_pages.single_bit_ecc.count"),
            Map.entry("retired_pages.dbe", "retired_pages.double_bit.count"),
            Map.entry("remapped_rows.sbe", "remapped_rows.correctable"),
            Map.entry("remapped_rows.dbe", "remapped_rows.uncorrectable"));
    private static final String THROTTLE_OLD = "clocks_throttle_reasons.";
    private static final String THROTTLE = "clocks_event_reasons.";

    /** Output with its header line ({@code --format=csv} or {@code csv,nounits}). */
    public List<GpuFacts> parse(String csv) {
        List<String> lines = lines(csv);
        if (lines.isEmpty()) {
            throw new GpuOutputException("nvidia-smi --query-gpu output is empty; expected a header line such as"
                    + " 'index, uuid, name, temperature.gpu'");
        }
        List<Column> columns = new ArrayList<>();
        for (String field : split(lines.get(0))) {
            Matcher m = HEADER_FIELD.matcher(field);
            if (!m.matches() || field.isEmpty()) {
                throw new GpuOutputException("nvidia-smi --query-gpu header field '" + field
                        + "' is not a field name with an optional [unit]");
            }
            columns.add(new Column(canonical(m.group(1)), m.group(2)));
        }
        return rows(columns, lines.subList(1, lines.size()), 2);
    }

    /**
     * Output without a header ({@code --format=csv,noheader} or {@code csv,noheader,nounits}).
     *
     * @param queriedFields the fields in the order given to {@code --query-gpu}
     */
    public List<GpuFacts> parse(String csv, List<String> queriedFields) {
        List<Column> columns = queriedFields.stream().map(f -> new Column(canonical(f.strip()), null)).toList();
        return rows(columns, lines(csv), 1);
    }

    private List<GpuFacts> rows(List<Column> columns, List<String> rows, int firstLineNumber) {
        if (columns.stream().noneMatch(c -> c.field.equals("uuid"))) {
            throw new GpuOutputException("nvidia-smi --query-gpu output has no uuid column; query uuid too, it is"
                    + " what tells one GPU from another across reboots");
        }
        List<GpuFacts> gpus = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            int lineNumber = firstLineNumber + r;
            List<String> values = split(rows.get(r));
            if (values.size() != columns.size()) {
                throw new GpuOutputException("nvidia-smi --query-gpu line " + lineNumber + " has " + values.size()
                        + " values but " + columns.size() + " fields were queried (truncated output, or a comma"
                        + " inside a value?)");
            }
            Map<String, String> row = new LinkedHashMap<>();
            Map<String, Column> byField = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                row.put(columns.get(c).field, values.get(c));
                byField.put(columns.get(c).field, columns.get(c));
            }
            gpus.add(new Row(row, byField, lineNumber, gpus.size()).facts());
        }
        return gpus;
    }

    private static String canonical(String field) {
        String name = field;
        if (name.startsWith(THROTTLE_OLD)) {
            name = THROTTLE + name.substring(THROTTLE_OLD.length());
        }
        return ALIASES.getOrDefault(name, name);
    }

    private static List<String> lines(String csv) {
        return csv.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static List<String> split(String line) {
        List<String> values = new ArrayList<>();
        for (String value : line.split(",", -1)) {
            values.add(value.strip());
        }
        return values;
    }

    private record Column(String field, String unit) {
    }

    /** One GPU's row, with its values by canonical field name. */
    private static final class Row {
        private final Map<String, String> values;
        private final Map<String, Column> columns;
        private final String who;
        private final int position;

        Row(Map<String, String> values, Map<String, Column> columns, int lineNumber, int position) {
            this.values = values;
            this.columns = columns;
            this.who = "nvidia-smi --query-gpu line " + lineNumber;
            this.position = position;
        }

        GpuFacts facts() {
            String uuid = values.get("uuid");
            if (SmiValues.absent(uuid)) {
                throw new GpuOutputException(who + " has no uuid ('" + uuid + "')");
            }
            int index = position;
            if (values.containsKey("index")) {
                index = (int) SmiValues.count(values.get("index"), where("index")).orElse(position);
            }
            Map<String, Double> clocks = new LinkedHashMap<>();
            for (String domain : List.of("graphics", "sm", "memory", "video")) {
                quantity("clocks.current." + domain, SmiUnit.HERTZ).ifPresent(v -> clocks.put(domain, v));
            }
            Map<String, Double> utilization = new LinkedHashMap<>();
            for (String engine : List.of("gpu", "memory", "encoder", "decoder", "jpeg", "ofa")) {
                quantity("utilization." + engine, SmiUnit.RATIO).ifPresent(v -> utilization.put(engine, v));
            }
            return new GpuFacts(index, uuid, text("name"), text("pci.bus_id"),
                    quantity("temperature.gpu", SmiUnit.CELSIUS),
                    quantity("temperature.memory", SmiUnit.CELSIUS),
                    first(SmiUnit.WATTS, "power.draw", "power.draw.average", "power.draw.instant"),
                    first(SmiUnit.WATTS, "enforced.power.limit", "power.limit"),
                    clocks, utilization,
                    quantity("memory.used", SmiUnit.BYTES),
                    quantity("memory.total", SmiUnit.BYTES),
                    quantity("fan.speed", SmiUnit.RATIO),
                    throttleReasons(), memoryErrors(), Map.of(), List.of());
        }

        private Map<String, Boolean> throttleReasons() {
            Map<String, Boolean> reasons = new LinkedHashMap<>();
            values.forEach((field, value) -> {
                if (field.startsWith(THROTTLE)) {
                    String reason = field.substring(THROTTLE.length());
                    // "supported" and "active" are bit masks of all reasons, not one reason
                    if (!reason.equals("supported") && !reason.equals("active")) {
                        SmiValues.active(value, where(field)).ifPresent(a -> reasons.put(reason, a));
                    }
                }
            });
            return reasons;
        }

        private MemoryErrors memoryErrors() {
            List<EccErrorCount> ecc = new ArrayList<>();
            values.forEach((field, value) -> {
                Matcher m = ECC.matcher(field);
                if (m.matches() && ECC_LOCATIONS.contains(m.group(3))) {
                    String type = m.group(1).equals("corrected") ? "correctable" : "uncorrectable";
                    String location = m.group(3).replace('.', '_');
                    SmiValues.count(value, where(field))
                            .ifPresent(n -> ecc.add(new EccErrorCount(m.group(2), type, location, n)));
                }
            });
            Map<String, Double> retired = new LinkedHashMap<>();
            count("retired_pages.single_bit_ecc.count").ifPresent(n -> retired.put("single_bit", n));
            count("retired_pages.double_bit.count").ifPresent(n -> retired.put("double_bit", n));
            Map<String, Double> remapped = new LinkedHashMap<>();
            count("remapped_rows.correctable").ifPresent(n -> remapped.put("correctable", n));
            count("remapped_rows.uncorrectable").ifPresent(n -> remapped.put("uncorrectable", n));
            return new MemoryErrors(ecc, retired, yesNo("retired_pages.pending"), remapped,
                    yesNo("remapped_rows.pending"), yesNo("remapped_rows.failure"));
        }

        private String text(String field) {
            String value = values.get(field);
            return value == null || SmiValues.absent(value) ? "" : value;
        }

        private OptionalDouble quantity(String field, SmiUnit unit) {
            String value = values.get(field);
            if (value == null) {
                return OptionalDouble.empty();
            }
            String headerUnit = columns.get(field).unit;
            if (headerUnit != null && !unit.factors.containsKey(headerUnit)) {
                throw new GpuOutputException("nvidia-smi --query-gpu column '" + field + " [" + headerUnit
                        + "]' has a wrong unit; expected one of " + unit.factors.keySet());
            }
            return SmiValues.quantity(value, unit, headerUnit == null ? unit.usual : headerUnit, where(field));
        }

        private OptionalDouble first(SmiUnit unit, String... fields) {
            for (String field : fields) {
                OptionalDouble value = quantity(field, unit);
                if (value.isPresent()) {
                    return value;
                }
            }
            return OptionalDouble.empty();
        }

        private OptionalDouble count(String field) {
            String value = values.get(field);
            return value == null ? OptionalDouble.empty() : SmiValues.count(value, where(field));
        }

        private Optional<Boolean> yesNo(String field) {
            String value = values.get(field);
            return value == null ? Optional.empty() : SmiValues.yesNo(value, where(field));
        }

        private String where(String field) {
            return who + " field " + field;
        }
    }
}
