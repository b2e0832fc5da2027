package dev.hearth.node.shard;

import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.ExpertSelection;
import dev.hearth.node.model.LayerRange;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.model.ConfigReader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a shard process serves, from its command line:
 * <pre>
 * --node NAME (--model DIR | --preset tiny|small [--arch deepseek_v3|llama] --seed S) [--context N]
 * [--kernels scalar|vector] [--wire lossless|adaptive] [--metrics-port P]
 * [--port P] [--layers FROM-TO] [--hold-experts M:R] [--expert-peer HOST:PORT:M:R]... [--experts-only M:R]
 * </pre>
 * With neither {@code --layers} nor {@code --experts-only} the process serves nothing until a
 * placement is pushed to it.
 * {@code M:R} selects the routed experts {@code e} with {@code e % M == R}: a stage holding
 * {@code 2:0} runs the even experts itself and sends the odd ones to the peer holding {@code 2:1}.
 */
record ShardOptions(String node, ModelConfig config, Path model, long seed, int context, String kernels, int port,
                    LayerRange layers, ExpertRule holdExperts, List<ExpertPeer> expertPeers, ExpertRule expertsOnly,
                    boolean lossless, Integer metricsPort) {

    /** Experts {@code e % modulus == remainder}. */
    record ExpertRule(int modulus, int remainder) implements ExpertSelection {
        static final ExpertRule ALL = new ExpertRule(1, 0);

        @Override
        public boolean holds(int layer, int expert) {
            return expert % modulus == remainder;
        }

        static ExpertRule parse(String flag, String text) {
            String[] p = text.split(":");
            try {
                if (p.length == 2) {
                    int m = Integer.parseInt(p[0]);
                    int r = Integer.parseInt(p[1]);
                    if (m >= 1 && r >= 0 && r < m) {
                        return new ExpertRule(m, r);
                    }
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(flag + " \"" + text + "\" is not MODULUS:REMAINDER with 0 <= REMAINDER"
                    + " < MODULUS (e.g. 2:1 for the odd experts)");
        }
    }

    /** A peer holding the experts {@code rule} selects. */
    record ExpertPeer(InetSocketAddress address, ExpertRule rule) {
    }

    static ShardOptions parse(String[] args) {
        String node = null;
        String preset = null;
        Path model = null;
        boolean lossless = false;
        Integer metricsPort = null;
        String arch = "deepseek_v3";
        long seed = 0;
        int context = 256;
        String kernels = "scalar";
        int port = 0;
        String layers = null;
        ExpertRule hold = ExpertRule.ALL;
        ExpertRule only = null;
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String v = args[++i];
            switch (flag) {
                case "--node" -> node = v;
                case "--preset" -> preset = v;
                case "--model" -> model = Path.of(v);
                case "--wire" -> {
                    if (!v.equals("lossless") && !v.equals("adaptive")) {
                        throw new IllegalArgumentException("--wire \"" + v + "\" is not lossless or adaptive (LZ4 below"
                                + " 1 MiB, the error-bounded lossy codec above)");
                    }
                    lossless = v.equals("lossless");
                }
                case "--arch" -> arch = v;
                case "--seed" -> seed = number(flag, v);
                case "--context" -> context = (int) number(flag, v);
                case "--kernels" -> kernels = v;
                case "--port" -> port = (int) number(flag, v);
                case "--metrics-port" -> metricsPort = (int) number(flag, v);
                case "--layers" -> layers = v;
                case "--hold-experts" -> hold = ExpertRule.parse(flag, v);
                case "--experts-only" -> only = ExpertRule.parse(flag, v);
                case "--expert-peer" -> peers.add(v);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (node == null || (preset == null) == (model == null)) {
            throw new IllegalArgumentException("--node is required, and either --model DIR (a checkpoint) or --preset"
                    + " (generated weights)");
        }
        if (layers != null && only != null) {
            throw new IllegalArgumentException("give --layers (serve a pipeline stage) or --experts-only (serve routed"
                    + " experts to the stages), not both; give neither to wait for a placement");
        }
        ModelConfig config = model == null ? ModelPresets.config(architecture(arch), preset)
                : new ConfigReader().read(model.resolve("config.json"));
        List<ExpertPeer> expertPeers = new ArrayList<>();
        for (String p : peers) {
            String[] parts = p.split(":");
            if (parts.length != 4) {
                throw new IllegalArgumentException("--expert-peer \"" + p + "\" is not HOST:PORT:MODULUS:REMAINDER");
            }
            expertPeers.add(new ExpertPeer(new InetSocketAddress(parts[0], (int) number("--expert-peer", parts[1])),
                    ExpertRule.parse("--expert-peer", parts[2] + ":" + parts[3])));
        }
        return new ShardOptions(node, config, model, seed, context, kernels, port,
                layers == null ? null : LayerRange.parse(layers, config), hold, expertPeers, only, lossless, metricsPort);
    }

    private static Architecture architecture(String name) {
        for (Architecture a : Architecture.values()) {
            if (a.modelType().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("--arch \"" + name + "\" is not deepseek_v3 or llama");
    }

    private static long number(String flag, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " \"" + v + "\" is not a number");
        }
    }
}
