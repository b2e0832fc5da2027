package dev.hearth.controlplane.bench;

import java.util.Locale;

/**
 * Payloads for the parse bench, written here in the shapes the real sources write: a node's
 * {@code /metrics} (OpenMetrics 1.0 and Prometheus text 0.0.4: counters, gauges and histograms with
 * labels), {@code ipmitool sensor} and FreeIPMI {@code ipmi-sensors} tables of a server board, and
 * {@code nvidia-smi -q -x} of an 8-GPU host. The Redfish tree is a resource folder (see {@link InMemoryBmc}).
 */
final class ParsePayloads {
    private static final int FAMILIES = 30;
    private static final String[] ROUTES = {"/v1/completions", "/v1/chat/completions", "/v1/models", "/metrics"};
    private static final String[] STATUSES = {"200", "400", "429", "500"};
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private ParsePayloads() {
    }

    /** A node's metrics as OpenMetrics 1.0 text (counters without {@code _total} in TYPE, {@code # EOF}). */
    static String openMetrics() {
        return exposition(true);
    }

    /** The same metrics as Prometheus text format 0.0.4. */
    static String prometheusText() {
        return exposition(false);
    }

    private static String exposition(boolean openMetrics) {
        StringBuilder out = new StringBuilder();
        for (int f = 0; f < FAMILIES; f++) {
            switch (f % 3) {
                case 0 -> counter(out, "hearth_bench_requests_" + f, openMetrics, f);
                case 1 -> gauge(out, "hearth_bench_queue_depth_" + f, f);
                default -> histogram(out, "hearth_bench_latency_" + f + "_seconds", openMetrics, f);
            }
        }
        if (openMetrics) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, boolean openMetrics, int f) {
        out.append("# HELP ").append(name).append(openMetrics ? "" : "_total").append(" Requests answered, by route and status\n");
        out.append("# TYPE ").append(name).append(openMetrics ? "" : "_total").append(" counter\n");
        for (String route : ROUTES) {
            for (String status : STATUSES) {
                out.append(name).append("_total{route=\"").append(route).append("\",status=\"").append(status)
                        .append("\"} ").append(1000 * f + route.length() * 7 + status.charAt(0)).append('\n');
            }
        }
    }

    private static void gauge(StringBuilder out, String name, int f) {
        out.append("# HELP ").append(name).append(" Requests waiting, by GPU\n");
        out.append("# TYPE ").append(name).append(" gauge\n");
        for (int gpu = 0; gpu < 8; gpu++) {
            out.append(name).append("{gpu=\"").append(gpu).append("\",model=\"NVIDIA GeForce RTX 2080 Ti\"} ")
                    .append(String.format(Locale.ROOT, "%.3f", f * 1.5 + gpu * 0.25)).append('\n');
        }
    }

    private static void histogram(StringBuilder out, String name, boolean openMetrics, int f) {
        out.append("# HELP ").append(name).append(" Request latency\n");
        out.append("# TYPE ").append(name).append(" histogram\n");
        if (openMetrics) {
            out.append("# UNIT ").append(name).append(" seconds\n");
        }
        for (String route : ROUTES) {
            long cumulative = 0;
            for (double le : BUCKETS) {
                cumulative += 3 + f % 5;
                out.append(name).append("_bucket{route=\"").append(route).append("\",le=\"")
                        .append(le).append("\"} ").append(cumulative).append('\n');
            }
            cumulative += 1;
            out.append(name).append("_bucket{route=\"").append(route).append("\",le=\"+Inf\"} ").append(cumulative).append('\n');
            out.append(name).append("_count{route=\"").append(route).append("\"} ").append(cumulative).append('\n');
            out.append(name).append("_sum{route=\"").append(route).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.4f", cumulative * 0.137)).append('\n');
        }
    }

    /** {@code ipmitool sensor}: name | value | units | status | lnr | lcr | lnc | unc | ucr | unr. */
    static String ipmitoolSensor() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            String row = switch (i % 5) {
                case 0 -> String.format(Locale.ROOT, "%-16s | %-10.3f | degrees C  | ok    | na        | 5.000     | 10.000    | 85.000    | 90.000    | na",
                        "Temp " + i, 30 + i * 0.5);
                case 1 -> String.format(Locale.ROOT, "%-16s | %-10.3f | RPM        | ok    | na        | 360.000   | 600.000   | na        | na        | na",
                        "Fan" + i + "A", 4000.0 + i * 40);
                case 2 -> String.format(Locale.ROOT, "%-16s | %-10.3f | Volts      | ok    | 10.173    | 10.299    | 10.740    | 13.260    | 13.700    | 13.827",
                        "12V " + i, 12.0 + i * 0.01);
                case 3 -> String.format(Locale.ROOT, "%-16s | %-10.3f | Watts      | ok    | na        | na        | na        | 896.000   | 980.000   | na",
                        "PS" + i + " Input", 180.0 + i);
                default -> String.format(Locale.ROOT, "%-16s | 0x0        | discrete   | 0x0080| na        | na        | na        | na        | na        | na",
                        "Status " + i);
            };
            out.append(row).append('\n');
        }
        return out.toString();
    }

    /** FreeIPMI {@code ipmi-sensors}: ID | Name | Type | Reading | Units | Event. */
    static String freeIpmiSensors() {
        StringBuilder out = new StringBuilder("ID  | Name             | Type              | Reading    | Units | Event\n");
        for (int i = 0; i < 64; i++) {
            String row = switch (i % 5) {
                case 0 -> String.format(Locale.ROOT, "%-3d | %-16s | Temperature       | %-10.2f | C     | 'OK'", i, "Temp " + i, 30 + i * 0.5);
                case 1 -> String.format(Locale.ROOT, "%-3d | %-16s | Fan               | %-10.2f | RPM   | 'OK'", i, "FAN" + i, 4000.0 + i * 40);
                case 2 -> String.format(Locale.ROOT, "%-3d | %-16s | Voltage           | %-10.2f | V     | 'OK'", i, "12V " + i, 12.0 + i * 0.01);
                case 3 -> String.format(Locale.ROOT, "%-3d | %-16s | Power Supply      | %-10.2f | W     | 'OK'", i, "PS" + i + " Input", 180.0 + i);
                default -> String.format(Locale.ROOT, "%-3d | %-16s | Power Supply      | N/A        | N/A   | 'Presence detected'", i, "PSU" + i + " Status");
            };
            out.append(row).append('\n');
        }
        return out.toString();
    }

    /** {@code nvidia-smi -q -x} of a host with eight Turing cards. */
    static String nvidiaSmiXml() {
        StringBuilder out = new StringBuilder("""
                <?xml version="1.0" ?>
                <!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v12.dtd">
                <nvidia_smi_log>
                \t<timestamp>Tue Mar  4 10:00:00 2025</timestamp>
                \t<driver_version>550.54.14</driver_version>
                \t<cuda_version>12.4</cuda_version>
                \t<attached_gpus>8</attached_gpus>
                """);
        for (int g = 0; g < 8; g++) {
            out.append(gpu(g));
        }
        return out.append("</nvidia_smi_log>\n").toString();
    }

    private static String gpu(int g) {
        return String.format(Locale.ROOT, """
                \t<gpu id="00000000:%02X:00.0">
                \t\t<product_name>NVIDIA GeForce RTX 2080 Ti</product_name>
                \t\t<product_architecture>Turing</product_architecture>
                \t\t<uuid>GPU-6a1c%04d-5b2e-4f3d-8c7a-0e9d1f2a3b4c</uuid>
                \t\t<minor_number>%d</minor_number>
                \t\t<fan_speed>%d %%</fan_speed>
                \t\t<clocks_event_reasons>
                \t\t\t<clocks_event_reason_gpu_idle>Not Active</clocks_event_reason_gpu_idle>
                \t\t\t<clocks_event_reason_applications_clocks_setting>Not Active</clocks_event_reason_applications_clocks_setting>
                \t\t\t<clocks_event_reason_sw_power_cap>Active</clocks_event_reason_sw_power_cap>
                \t\t\t<clocks_event_reason_hw_slowdown>Not Active</clocks_event_reason_hw_slowdown>
                \t\t\t<clocks_event_reason_hw_thermal_slowdown>Not Active</clocks_event_reason_hw_thermal_slowdown>
                \t\t\t<clocks_event_reason_sw_thermal_slowdown>Not Active</clocks_event_reason_sw_thermal_slowdown>
                \t\t</clocks_event_reasons>
                \t\t<fb_memory_usage>
                \t\t\t<total>11264 MiB</total>
                \t\t\t<reserved>243 MiB</reserved>
                \t\t\t<used>%d MiB</used>
                \t\t\t<free>781 MiB</free>
                \t\t</fb_memory_usage>
                \t\t<utilization>
                \t\t\t<gpu_util>%d %%</gpu_util>
                \t\t\t<memory_util>35 %%</memory_util>
                \t\t\t<encoder_util>0 %%</encoder_util>
                \t\t\t<decoder_util>0 %%</decoder_util>
                \t\t</utilization>
                \t\t<ecc_errors>
                \t\t\t<volatile>
                \t\t\t\t<sram_correctable>N/A</sram_correctable>
                \t\t\t\t<dram_correctable>N/A</dram_correctable>
                \t\t\t</volatile>
                \t\t</ecc_errors>
                \t\t<retired_pages>
                \t\t\t<pending_retirement>N/A</pending_retirement>
                \t\t</retired_pages>
                \t\t<temperature>
                \t\t\t<gpu_temp>%d C</gpu_temp>
                \t\t\t<gpu_temp_max_threshold>94 C</gpu_temp_max_threshold>
                \t\t\t<memory_temp>N/A</memory_temp>
                \t\t</temperature>
                \t\t<gpu_power_readings>
                \t\t\t<power_state>P2</power_state>
                \t\t\t<instant_power_draw>%d.31 W</instant_power_draw>
                \t\t\t<current_power_limit>250.00 W</current_power_limit>
                \t\t\t<max_power_limit>300.00 W</max_power_limit>
                \t\t</gpu_power_readings>
                \t\t<clocks>
                \t\t\t<graphics_clock>1635 MHz</graphics_clock>
                \t\t\t<sm_clock>1635 MHz</sm_clock>
                \t\t\t<mem_clock>7000 MHz</mem_clock>
                \t\t\t<video_clock>1485 MHz</video_clock>
                \t\t</clocks>
                \t</gpu>
                """, g + 1, g, g, 40 + g, 9000 + g * 100, 90 + g, 65 + g, 230 + g);
    }
}
