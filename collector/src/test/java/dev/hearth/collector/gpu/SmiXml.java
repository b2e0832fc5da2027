package dev.hearth.collector.gpu;

/** Small nvidia-smi -q -x documents written for the unit tests, in the shape the real tool writes. */
final class SmiXml {
    private SmiXml() {
    }

    static final String HEADER = """
            <?xml version="1.0" ?>
            <!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v13.dtd">
            """;

    /** A v13-style GPU (Turing, like the fleet's cards): instant power only, modern ECC and event reasons. */
    static String modernGpu(String busId, String uuid) {
        return """
                <gpu id="%s">
                    <product_name>NVIDIA GeForce RTX 2080 Ti</product_name>
                    <uuid>%s</uuid>
                    <fan_speed>41 %%</fan_speed>
                    <clocks_event_reasons>
                        <clocks_event_reason_gpu_idle>Not Active</clocks_event_reason_gpu_idle>
                        <clocks_event_reason_sw_power_cap>Active</clocks_event_reason_sw_power_cap>
                        <clocks_event_reason_hw_thermal_slowdown>Not Active</clocks_event_reason_hw_thermal_slowdown>
                        <clocks_event_reason_sync_boost>[Not Supported]</clocks_event_reason_sync_boost>
                    </clocks_event_reasons>
                    <fb_memory_usage>
                        <total>11264 MiB</total>
                        <reserved>243 MiB</reserved>
                        <used>10240 MiB</used>
                        <free>781 MiB</free>
                    </fb_memory_usage>
                    <utilization>
                        <gpu_util>97 %%</gpu_util>
                        <memory_util>35 %%</memory_util>
                        <encoder_util>N/A</encoder_util>
                    </utilization>
                    <ecc_errors>
                        <volatile>
                            <sram_correctable>3</sram_correctable>
                            <sram_uncorrectable_parity>0</sram_uncorrectable_parity>
                            <dram_correctable>N/A</dram_correctable>
                            <dram_uncorrectable>1</dram_uncorrectable>
                        </volatile>
                        <aggregate>
                            <sram_correctable>12</sram_correctable>
                            <sram_threshold_exceeded>No</sram_threshold_exceeded>
                        </aggregate>
                    </ecc_errors>
                    <retired_pages>
                        <multiple_single_bit_retirement>
                            <retired_count>N/A</retired_count>
                        </multiple_single_bit_retirement>
                        <pending_retirement>N/A</pending_retirement>
                    </retired_pages>
                    <remapped_rows>
                        <remapped_row_corr>2</remapped_row_corr>
                        <remapped_row_unc>0</remapped_row_unc>
                        <remapped_row_pending>Yes</remapped_row_pending>
                        <remapped_row_failure>No</remapped_row_failure>
                    </remapped_rows>
                    <temperature>
                        <gpu_temp>71 C</gpu_temp>
                        <gpu_temp_max_threshold>94 C</gpu_temp_max_threshold>
                        <memory_temp>N/A</memory_temp>
                    </temperature>
                    <gpu_power_readings>
                        <average_power_draw>N/A</average_power_draw>
                        <instant_power_draw>247.31 W</instant_power_draw>
                        <current_power_limit>250.00 W</current_power_limit>
                        <max_power_limit>300.00 W</max_power_limit>
                    </gpu_power_readings>
                    <clocks>
                        <graphics_clock>1635 MHz</graphics_clock>
                        <sm_clock>1635 MHz</sm_clock>
                        <mem_clock>7000 MHz</mem_clock>
                        <video_clock>N/A</video_clock>
                    </clocks>
                </gpu>
                """.formatted(busId, uuid);
    }

    /** An older-driver GPU: power_readings, throttle reasons and single/double-bit ECC with retired pages. */
    static String olderGpu() {
        return """
                <gpu id="00000000:3B:00.0">
                    <product_name>Tesla V100-PCIE-16GB</product_name>
                    <uuid>GPU-0ld00000-0000-0000-0000-000000000001</uuid>
                    <fan_speed>[Not Supported]</fan_speed>
                    <clocks_throttle_reasons>
                        <clocks_throttle_reason_gpu_idle>Active</clocks_throttle_reason_gpu_idle>
                        <clocks_throttle_reason_hw_slowdown>Not Active</clocks_throttle_reason_hw_slowdown>
                    </clocks_throttle_reasons>
                    <fb_memory_usage><total>16160 MiB</total><used>0 MiB</used></fb_memory_usage>
                    <ecc_errors>
                        <volatile>
                            <single_bit><device_memory>4</device_memory><l2_cache>N/A</l2_cache><total>4</total></single_bit>
                            <double_bit><device_memory>0</device_memory><total>0</total></double_bit>
                        </volatile>
                    </ecc_errors>
                    <retired_pages>
                        <multiple_single_bit_retirement><retired_count>1</retired_count></multiple_single_bit_retirement>
                        <double_bit_retirement><retired_count>0</retired_count></double_bit_retirement>
                        <pending_retirement>No</pending_retirement>
                    </retired_pages>
                    <temperature><gpu_temp>34 C</gpu_temp></temperature>
                    <power_readings>
                        <power_draw>36.04 W</power_draw>
                        <power_limit>250.00 W</power_limit>
                        <enforced_power_limit>230.00 W</enforced_power_limit>
                    </power_readings>
                    <clocks><graphics_clock>135 MHz</graphics_clock></clocks>
                </gpu>
                """;
    }

    static String log(String... gpus) {
        return HEADER + "<nvidia_smi_log>\n<driver_version>550.54.15</driver_version>\n"
                + String.join("", gpus) + "</nvidia_smi_log>\n";
    }
}
