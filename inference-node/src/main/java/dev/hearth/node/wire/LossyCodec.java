package dev.hearth.node.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Error-bounded lossy payload: every finite value decodes to within {@code bound} of what was sent;
 * non-finite values come back bit for bit.
 *
 * <p>Values are cut into blocks of {@code blockSize}. A block is stored as its minimum (float32) and
 * {@code q = round((x − min) / step)} per value, packed with the fewest bits (0 to 24) that hold
 * the block's largest {@code q}; the decoder rebuilds {@code (float) (min + q · step)}. Rounding to
 * a step of {@code 2 · bound} alone would leave no room for the float rounding of that
 * reconstruction, so the step is a little smaller, and the encoder rebuilds every value exactly as
 * the decoder will and checks it: a block that would break the bound anywhere, needs more than 24
 * bits (past that, float32's own spacing nears the bound and raw costs little more), or holds a NaN
 * or an infinity is stored as raw float32 instead. The bound is therefore enforced, not merely
 * expected.
 *
 * <p>Layout (little-endian): {@code f32 step, i32 blockSize}, then per block a width byte —
 * {@code 0..24}: {@code f32 min} and the packed bits (least significant first); {@code 255}: raw
 * float32 values.
 */
final class LossyCodec implements PayloadCodec {
    static final int RAW_BLOCK = 255;
    static final int MAX_WIDTH = 24;
    static final int MAX_BLOCK_SIZE = 1 << 16;
    private static final int HEADER = 8;
    /**
     * The step is 2 · bound · (1 − 1/16): rounding to the nearest step then errs by at most
     * bound − bound/16, which leaves bound/16 for the float32 rounding of the rebuilt value, enough
     * while half an ulp of it stays below that (|x| below ~1000 for a bound of 1e-3). Past that the
     * encoder's check catches any value over the bound. The smaller step costs under 0.1 bit a value.
     */
    private static final double STEP_MARGIN = 1.0 - 1.0 / 16;

    private final double bound;
    private final int blockSize;
    private final float step;
    private final double inverseStep;

    LossyCodec(double bound, int blockSize) {
        if (!(bound > 0) || !Double.isFinite(bound)) {
            throw new IllegalArgumentException("lossy error bound is " + bound + ", expected a finite number > 0");
        }
        if (blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("lossy block size is " + blockSize + ", expected 1 to " + MAX_BLOCK_SIZE);
        }
        float s = (float) (2 * bound * STEP_MARGIN);
        if (!(s >= Float.MIN_NORMAL) || Float.isInfinite(s)) {
            throw new IllegalArgumentException("lossy error bound " + bound + " gives a quantisation step of " + s
                    + ", outside the normal float32 range");
        }
        this.bound = bound;
        this.blockSize = blockSize;
        this.step = s;
        this.inverseStep = 1.0 / s;
    }

    @Override
    public PayloadEncoding encoding() {
        return PayloadEncoding.LOSSY;
    }

    @Override
    public byte[] encode(float[] values) {
        int blocks = blockCount(values.length, blockSize);
        // worst case: every block raw
        byte[] out = new byte[Math.addExact(HEADER + blocks, Math.multiplyExact(4, values.length))];
        ByteBuffer header = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        header.putFloat(step).putInt(blockSize);
        int[] q = new int[blockSize];
        int p = HEADER;
        for (int from = 0; from < values.length; from += blockSize) {
            p = encodeBlock(values, from, Math.min(values.length, from + blockSize), q, out, p);
        }
        return Arrays.copyOf(out, p);
    }

    private int encodeBlock(float[] v, int from, int to, int[] q, byte[] out, int p) {
        int n = to - from;
        // plain comparisons rather than Math.min/max: they skip NaN (and the check in quantize catches
        // it), and the loop stays cheap; a first value of NaN makes the range NaN, which goes raw too
        float min = v[from];
        float max = v[from];
        for (int i = from + 1; i < to; i++) {
            float x = v[i];
            min = x < min ? x : min;
            max = x > max ? x : max;
        }
        int width = quantize(v, from, to, min, max, q);
        if (width < 0) {
            out[p++] = (byte) RAW_BLOCK;
            Float32Bytes.write(v, from, n, out, p);
            return p + 4 * n;
        }
        out[p++] = (byte) width;
        putFloat(out, p, min);
        return BitPacking.pack(q, n, width, out, p + 4);
    }

    /**
     * Fills {@code q} and returns the bit width, or −1 when the block must go raw: its range is not
     * finite or needs more than {@link #MAX_WIDTH} bits, or some value (a NaN, or one where float32
     * rounding ate the margin) does not come back within the bound.
     */
    private int quantize(float[] v, int from, int to, float min, float max, int[] q) {
        if (!(((double) max - min) * inverseStep < (1 << MAX_WIDTH) - 1)) {
            return -1;
        }
        int n = to - from;
        int bits = 0;
        for (int i = 0; i < n; i++) {
            // x ≥ min, so truncating (x − min) / step + ½ rounds to the nearest level
            int qi = (int) ((v[from + i] - (double) min) * inverseStep + 0.5);
            q[i] = qi;
            bits |= qi;
        }
        // the decoder's reconstruction, computed the same way; a separate loop without an early exit
        // runs several times faster. Math.max keeps a NaN, so a NaN value fails the check.
        double stepD = step;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            float rebuilt = (float) (min + q[i] * stepD);
            worst = Math.max(worst, Math.abs(rebuilt - (double) v[from + i]));
        }
        return worst <= bound ? 32 - Integer.numberOfLeadingZeros(bits) : -1;
    }

    /** Every block costs at least its width byte and minimum, and holds at most its header's block size. */
    @Override
    public long maxValues(byte[] src, int offset, int length) {
        if (length < HEADER) {
            return 0;
        }
        int size = ByteBuffer.wrap(src, offset, HEADER).order(ByteOrder.LITTLE_ENDIAN).getInt(offset + 4);
        long blocks = (length - HEADER) / 5L; // a width byte and a minimum, or a width byte and one raw value
        // an impossible block size is for decode to report; the bound then assumes the largest one
        return blocks * (size >= 1 && size <= MAX_BLOCK_SIZE ? size : MAX_BLOCK_SIZE);
    }

    @Override
    public void decode(byte[] src, int offset, int length, float[] dest) {
        int end = offset + length;
        if (length < HEADER) {
            throw new WireFormatException(WireFormatException.Reason.TRUNCATED,
                    "LOSSY payload is " + length + " bytes, shorter than its " + HEADER + "-byte header");
        }
        ByteBuffer header = ByteBuffer.wrap(src, offset, HEADER).order(ByteOrder.LITTLE_ENDIAN);
        float s = header.getFloat();
        int size = header.getInt();
        if (!(s > 0) || !Float.isFinite(s)) {
            throw new WireFormatException(WireFormatException.Reason.MALFORMED,
                    "LOSSY quantisation step is " + s + ", expected a finite number > 0");
        }
        if (size < 1 || size > MAX_BLOCK_SIZE) {
            throw new WireFormatException(WireFormatException.Reason.MALFORMED,
                    "LOSSY block size is " + size + ", expected 1 to " + MAX_BLOCK_SIZE);
        }
        double stepD = s;
        int p = offset + HEADER;
        for (int from = 0, block = 0; from < dest.length; from += size, block++) {
            int n = Math.min(size, dest.length - from);
            need(block, "its bit width", 1, p, end);
            int width = src[p++] & 0xff;
            if (width == RAW_BLOCK) {
                need(block, n + " raw float32 values", 4L * n, p, end);
                Float32Bytes.read(src, p, dest, from, n);
                p += 4 * n;
            } else if (width <= MAX_WIDTH) {
                long packed = BitPacking.packedBytes(n, width);
                need(block, "its minimum and " + packed + " packed bytes", 4 + packed, p, end);
                float min = getFloat(src, p);
                if (!Float.isFinite(min)) {
                    throw new WireFormatException(WireFormatException.Reason.MALFORMED,
                            "LOSSY block " + block + " has minimum " + min + ", expected a finite number");
                }
                BitPacking.unpack(src, p + 4, n, width, min, stepD, dest, from);
                p += 4 + (int) packed;
            } else {
                throw new WireFormatException(WireFormatException.Reason.MALFORMED, "LOSSY block " + block
                        + " has bit width " + width + ", expected 0 to " + MAX_WIDTH + ", or " + RAW_BLOCK + " for raw");
            }
        }
        if (p != end) {
            throw new WireFormatException(WireFormatException.Reason.TRAILING_BYTES, "LOSSY payload has " + (end - p)
                    + " bytes after its last block (" + dest.length + " values in blocks of " + size + ")");
        }
    }

    private static void need(int block, String what, long bytes, int p, int end) {
        if (bytes > end - p) {
            throw new WireFormatException(WireFormatException.Reason.TRUNCATED, "LOSSY payload ends inside block "
                    + block + ": it needs " + bytes + " bytes for " + what + ", " + (end - p) + " are left");
        }
    }

    static int blockCount(int values, int blockSize) {
        return (int) (((long) values + blockSize - 1) / blockSize);
    }

    private static void putFloat(byte[] b, int p, float f) {
        int bits = Float.floatToRawIntBits(f);
        b[p] = (byte) bits;
        b[p + 1] = (byte) (bits >>> 8);
        b[p + 2] = (byte) (bits >>> 16);
        b[p + 3] = (byte) (bits >>> 24);
    }

    private static float getFloat(byte[] b, int p) {
        return Float.intBitsToFloat((b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24);
    }
}
