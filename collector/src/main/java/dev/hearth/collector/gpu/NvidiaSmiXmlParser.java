package dev.hearth.collector.gpu;

import org.w3c.dom.Document;
import org.w3c.dom.DocumentType;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of {@code nvidia-smi -q -x} into one {@link GpuFacts} per {@code <gpu>} element, in
 * document order, which is nvidia-smi's index order.
 *
 * <p>The layouts of the driver generations in use are all read: power under {@code <power_readings>}
 * (older) or {@code <gpu_power_readings>} (with {@code <power_draw>}, or {@code <average_power_draw>} and
 * {@code <instant_power_draw>} from the v13 DTD on), throttle reasons as {@code clocks_throttle_reason_*}
 * (older) or {@code clocks_event_reason_*}, ECC errors as {@code single_bit}/{@code double_bit} per location
 * (older) or {@code sram_*}/{@code dram_*} counters. vGPU instances are read from a {@code <vgpu_instances>}
 * (or {@code <vgpus>}) element when a vGPU host writes one; no public capture of that section exists, so
 * its reading follows the field names of nvidia-smi's other sections (see {@link #vgpus}).
 *
 * <p>The XML parser is the JDK's, locked down: no DTD or entity is fetched, no entity may be declared
 * (nvidia-smi declares none; a declaration is how XXE and entity-expansion attacks start), and input
 * above {@code maxChars} is refused before parsing. nvidia-smi's own {@code <!DOCTYPE … SYSTEM "nvsmi_device_v13.dtd">}
 * is accepted and not fetched.
 */
public final class NvidiaSmiXmlParser {
    /** Enough for a host with 16 GPUs at ~130 KB each (the supported-clocks table makes most of it). */
    public static final int DEFAULT_MAX_CHARS = 8 * 1024 * 1024;

    private static final Pattern ECC_COUNTER = Pattern.compile("(sram|dram)_(correctable|uncorrectable)(?:_(\\w+))?");
    private static final Map<String, String> CLOCKS = orderedMap("graphics_clock", "graphics", "sm_clock", "sm",
            "mem_clock", "memory", "video_clock", "video");
    private static final Map<String, String> ENGINES = orderedMap("gpu_util", "gpu", "memory_util", "memory",
            "encoder_util", "encoder", "decoder_util", "decoder", "jpeg_util", "jpeg", "ofa_util", "ofa");

    private final int maxChars;
    private final DocumentBuilderFactory factory;

    public NvidiaSmiXmlParser() {
        this(DEFAULT_MAX_CHARS);
    }

    public NvidiaSmiXmlParser(int maxChars) {
        if (maxChars <= 0) {
            throw new IllegalArgumentException("maxChars is " + maxChars + "; it must be positive, e.g. "
                    + DEFAULT_MAX_CHARS);
        }
        this.maxChars = maxChars;
        this.factory = lockedDownFactory();
    }

    /**
     * Every GPU in {@code xml}; an empty list when nvidia-smi listed none.
     *
     * @throws GpuOutputException when the text is too large, not well-formed, declares entities, is not an
     *                            {@code <nvidia_smi_log>}, or a field holds something other than a value in
     *                            its unit; the message names the GPU and the field
     */
    public List<GpuFacts> parse(String xml) {
        Element root = parseDocument(xml).getDocumentElement();
        if (!root.getTagName().equals("nvidia_smi_log")) {
            throw new GpuOutputException("root element is <" + root.getTagName()
                    + ">, not <nvidia_smi_log>: this is not the output of nvidia-smi -q -x");
        }
        List<Element> gpus = children(root, "gpu");
        List<GpuFacts> facts = new ArrayList<>(gpus.size());
        for (int i = 0; i < gpus.size(); i++) {
            facts.add(gpu(gpus.get(i), i));
        }
        return facts;
    }

    private Document parseDocument(String xml) {
        if (xml.length() > maxChars) {
            throw new GpuOutputException("nvidia-smi XML is " + xml.length() + " characters, more than the limit of "
                    + maxChars + "; refusing it (raise the limit if a host really has that many GPUs)");
        }
        // checked before parsing, so that no declared entity is ever expanded
        if (xml.contains("<!ENTITY")) {
            throw new GpuOutputException("nvidia-smi XML declares an entity (<!ENTITY …>), which nvidia-smi never"
                    + " writes; refusing it as unsafe (XXE or entity expansion)");
        }
        Document document;
        try {
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(THROWING);
            document = builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw new GpuOutputException("nvidia-smi XML is malformed at line " + e.getLineNumber() + " column "
                    + e.getColumnNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new GpuOutputException("nvidia-smi XML could not be read: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser refused its configuration", e);
        }
        DocumentType doctype = document.getDoctype();
        if (doctype != null && doctype.getInternalSubset() != null && !doctype.getInternalSubset().isBlank()) {
            throw new GpuOutputException("nvidia-smi XML carries an internal DTD subset, which nvidia-smi never"
                    + " writes; refusing it as unsafe");
        }
        return document;
    }

    private GpuFacts gpu(Element gpu, int index) {
        String pciBusId = gpu.getAttribute("id");
        String who = "GPU #" + index + (pciBusId.isEmpty() ? "" : " (" + pciBusId + ")");
        Fields f = new Fields(gpu, who);
        String uuid = f.required("uuid");
        String model = f.required("product_name");

        Optional<Element> power = child(gpu, "gpu_power_readings").or(() -> child(gpu, "power_readings"));
        String powerName = power.map(Element::getTagName).orElse("power_readings");
        OptionalDouble draw = firstPresent(f, SmiUnit.WATTS, powerName,
                "power_draw", "average_power_draw", "instant_power_draw");
        OptionalDouble limit = firstPresent(f, SmiUnit.WATTS, powerName,
                "current_power_limit", "enforced_power_limit", "power_limit");

        return new GpuFacts(index, uuid, model, pciBusId,
                f.quantity(SmiUnit.CELSIUS, "temperature", "gpu_temp"),
                f.quantity(SmiUnit.CELSIUS, "temperature", "memory_temp"),
                draw, limit,
                f.quantities(SmiUnit.HERTZ, "clocks", CLOCKS),
                f.quantities(SmiUnit.RATIO, "utilization", ENGINES),
                f.quantity(SmiUnit.BYTES, "fb_memory_usage", "used"),
                f.quantity(SmiUnit.BYTES, "fb_memory_usage", "total"),
                f.quantity(SmiUnit.RATIO, "fan_speed"),
                throttleReasons(gpu, who),
                memoryErrors(gpu, f),
                Map.of(),
                vgpus(gpu, who));
    }

    /** The first of {@code names} under {@code section} that holds a value: the name changed across DTDs. */
    private static OptionalDouble firstPresent(Fields f, SmiUnit unit, String section, String... names) {
        for (String name : names) {
            OptionalDouble value = f.quantity(unit, section, name);
            if (value.isPresent()) {
                return value;
            }
        }
        return OptionalDouble.empty();
    }

    private static Map<String, Boolean> throttleReasons(Element gpu, String who) {
        Map<String, Boolean> reasons = new LinkedHashMap<>();
        readReasons(gpu, "clocks_throttle_reasons", "clocks_throttle_reason_", who, reasons);
        readReasons(gpu, "clocks_event_reasons", "clocks_event_reason_", who, reasons);
        return reasons;
    }

    private static void readReasons(Element gpu, String section, String prefix, String who,
                                    Map<String, Boolean> into) {
        Optional<Element> reasons = child(gpu, section);
        if (reasons.isEmpty()) {
            return;
        }
        for (Element reason : children(reasons.get(), null)) {
            String name = reason.getTagName();
            if (name.startsWith(prefix)) {
                SmiValues.active(text(reason), who + " field " + section + "/" + name)
                        .ifPresent(active -> into.put(name.substring(prefix.length()), active));
            }
        }
    }

    private static MemoryErrors memoryErrors(Element gpu, Fields f) {
        List<EccErrorCount> ecc = new ArrayList<>();
        child(gpu, "ecc_errors").ifPresent(errors -> {
            for (String scope : List.of("volatile", "aggregate")) {
                child(errors, scope).ifPresent(counters -> eccCounters(counters, scope, f.who, ecc));
            }
        });
        Map<String, Double> retired = new LinkedHashMap<>();
        f.count("retired_pages", "multiple_single_bit_retirement", "retired_count")
                .ifPresent(n -> retired.put("single_bit", n));
        f.count("retired_pages", "double_bit_retirement", "retired_count")
                .ifPresent(n -> retired.put("double_bit", n));
        Map<String, Double> remapped = new LinkedHashMap<>();
        f.count("remapped_rows", "remapped_row_corr").ifPresent(n -> remapped.put("correctable", n));
        f.count("remapped_rows", "remapped_row_unc").ifPresent(n -> remapped.put("uncorrectable", n));
        return new MemoryErrors(ecc, retired, f.yesNo("retired_pages", "pending_retirement"), remapped,
                f.yesNo("remapped_rows", "remapped_row_pending"), f.yesNo("remapped_rows", "remapped_row_failure"));
    }

    private static void eccCounters(Element counters, String scope, String who, List<EccErrorCount> into) {
        for (Element counter : children(counters, null)) {
            String name = counter.getTagName();
            String where = who + " field ecc_errors/" + scope + "/" + name;
            Matcher modern = ECC_COUNTER.matcher(name);
            if (modern.matches()) {
                String location = modern.group(3) == null ? modern.group(1) : modern.group(1) + "_" + modern.group(3);
                SmiValues.count(text(counter), where).ifPresent(n ->
                        into.add(new EccErrorCount(scope, modern.group(2), location, n)));
            } else if (name.equals("single_bit") || name.equals("double_bit")) {
                // the older layout: single-bit errors are the correctable ones, double-bit the uncorrectable
                String type = name.equals("single_bit") ? "correctable" : "uncorrectable";
                for (Element location : children(counter, null)) {
                    SmiValues.count(text(location), where + "/" + location.getTagName()).ifPresent(n ->
                            into.add(new EccErrorCount(scope, type, location.getTagName(), n)));
                }
            }
        }
    }

    /**
     * vGPU instances of a vGPU host. Read from {@code <vgpu_instances>} or {@code <vgpus>}, one child
     * element per instance, identified by its {@code id} attribute or {@code <vgpu_id>}, typed by
     * {@code <vgpu_name>} or {@code <vgpu_type>}, with {@code <utilization>} and {@code <fb_memory_usage>}
     * as a GPU has them.
     */
    private static List<VgpuFacts> vgpus(Element gpu, String who) {
        Optional<Element> container = child(gpu, "vgpu_instances").or(() -> child(gpu, "vgpus"));
        if (container.isEmpty()) {
            return List.of();
        }
        List<VgpuFacts> vgpus = new ArrayList<>();
        List<Element> instances = children(container.get(), null);
        for (int i = 0; i < instances.size(); i++) {
            Element instance = instances.get(i);
            String id = instance.getAttribute("id");
            if (id.isEmpty()) {
                id = child(instance, "vgpu_id").map(NvidiaSmiXmlParser::text).orElse("");
            }
            if (id.isEmpty() || SmiValues.absent(id)) {
                throw new GpuOutputException(who + " vGPU instance #" + i + " <" + instance.getTagName()
                        + "> has neither an id attribute nor a <vgpu_id>; cannot tell it from the others");
            }
            Fields f = new Fields(instance, who + " vGPU " + id);
            String type = child(instance, "vgpu_name").or(() -> child(instance, "vgpu_type"))
                    .map(NvidiaSmiXmlParser::text).filter(t -> !SmiValues.absent(t)).orElse("");
            vgpus.add(new VgpuFacts(id, type, f.quantities(SmiUnit.RATIO, "utilization", ENGINES),
                    f.quantity(SmiUnit.BYTES, "fb_memory_usage", "used"),
                    f.quantity(SmiUnit.BYTES, "fb_memory_usage", "total")));
        }
        return vgpus;
    }

    /** Field access below one element, naming {@code who} and the path in every error. */
    private static final class Fields {
        private final Element element;
        private final String who;

        Fields(Element element, String who) {
            this.element = element;
            this.who = who;
        }

        String required(String name) {
            Optional<String> value = find(name).map(NvidiaSmiXmlParser::text).filter(t -> !t.isEmpty());
            return value.orElseThrow(() -> new GpuOutputException(who + " has no <" + name
                    + ">; every GPU in nvidia-smi -q -x output has one (truncated output?)"));
        }

        OptionalDouble quantity(SmiUnit unit, String... path) {
            Optional<String> raw = find(path).map(NvidiaSmiXmlParser::text);
            return raw.isEmpty() ? OptionalDouble.empty() : SmiValues.quantity(raw.get(), unit, null, where(path));
        }

        Map<String, Double> quantities(SmiUnit unit, String section, Map<String, String> names) {
            Map<String, Double> values = new LinkedHashMap<>();
            names.forEach((element, key) -> quantity(unit, section, element).ifPresent(v -> values.put(key, v)));
            return values;
        }

        OptionalDouble count(String... path) {
            Optional<String> raw = find(path).map(NvidiaSmiXmlParser::text);
            return raw.isEmpty() ? OptionalDouble.empty() : SmiValues.count(raw.get(), where(path));
        }

        Optional<Boolean> yesNo(String... path) {
            Optional<String> raw = find(path).map(NvidiaSmiXmlParser::text);
            return raw.isEmpty() ? Optional.empty() : SmiValues.yesNo(raw.get(), where(path));
        }

        private Optional<Element> find(String... path) {
            Optional<Element> at = Optional.of(element);
            for (String name : path) {
                at = at.flatMap(e -> child(e, name));
            }
            return at;
        }

        private String where(String... path) {
            return who + " field " + String.join("/", path);
        }
    }

    private static Optional<Element> child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Child elements named {@code name}, or all child elements when {@code name} is null. */
    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element element) {
        return element.getTextContent().strip();
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static DocumentBuilderFactory lockedDownFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a feature needed to parse safely", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        f.setValidating(false);
        return f;
    }

    /** The default handler prints to stderr and carries on; an error must stop the parse instead. */
    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // warnings (e.g. an unread DTD) do not make the document unusable
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
