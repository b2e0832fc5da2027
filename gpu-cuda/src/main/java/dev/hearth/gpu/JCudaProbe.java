package dev.hearth.gpu;

import java.nio.charset.StandardCharsets;

import jcuda.CudaException;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Asks the CUDA driver API through JCuda for device 0. On a machine without the NVIDIA driver the
 * first JCuda call fails with {@link UnsatisfiedLinkError} (JCuda's own native library links
 * against {@code libcuda.so.1}), and every later call in the same JVM with
 * {@link NoClassDefFoundError} that no longer says why (on JDK 17). So an instance probes once and
 * keeps the answer, and every failure, thrown or a nonzero result code, becomes a reason.
 */
public final class JCudaProbe implements CudaProbe {
    private CudaProbeResult result;

    /** The first call asks the driver; later calls return the same answer. */
    @Override
    public synchronized CudaProbeResult probe() {
        if (result == null) {
            result = askOnce();
        }
        return result;
    }

    private static CudaProbeResult askOnce() {
        try {
            return askDriver();
        } catch (UnsatisfiedLinkError e) {
            return CudaProbeResult.absent(linkFailure(e));
        } catch (NoClassDefFoundError e) {
            if (mentionsLibcuda(e)) {
                return CudaProbeResult.absent("no CUDA driver (libcuda.so.1 not found)");
            }
            if (String.valueOf(e.getMessage()).startsWith("Could not initialize class jcuda")) {
                return CudaProbeResult.absent("JCuda failed to load earlier in this JVM (no CUDA driver,"
                        + " or no JCuda native library for this platform)");
            }
            return CudaProbeResult.absent("JCuda is not on the class path (" + firstLine(e.getMessage()) + ")");
        } catch (CudaException e) {
            return CudaProbeResult.absent("CUDA error (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static CudaProbeResult askDriver() {
        JCudaDriver.setExceptionsEnabled(false); // result codes, not exceptions, for the expected failures
        int rc = JCudaDriver.cuInit(0);
        if (rc != CUresult.CUDA_SUCCESS) {
            return CudaProbeResult.absent(rc == CUresult.CUDA_ERROR_NO_DEVICE ? "no NVIDIA GPU (cuInit: "
                    + CUresult.stringFor(rc) + ")" : "CUDA driver unusable (cuInit: " + CUresult.stringFor(rc) + ")");
        }
        int[] count = new int[1];
        rc = JCudaDriver.cuDeviceGetCount(count);
        if (rc != CUresult.CUDA_SUCCESS) {
            return CudaProbeResult.absent("CUDA driver unusable (cuDeviceGetCount: " + CUresult.stringFor(rc) + ")");
        }
        if (count[0] == 0) {
            return CudaProbeResult.absent("no NVIDIA GPU (the CUDA driver reports no device)");
        }
        CUdevice device = new CUdevice();
        rc = JCudaDriver.cuDeviceGet(device, 0);
        if (rc != CUresult.CUDA_SUCCESS) {
            return CudaProbeResult.absent("CUDA device 0 unusable (cuDeviceGet: " + CUresult.stringFor(rc) + ")");
        }
        byte[] name = new byte[256];
        long[] memory = new long[1];
        rc = JCudaDriver.cuDeviceGetName(name, name.length, device);
        if (rc == CUresult.CUDA_SUCCESS) {
            rc = JCudaDriver.cuDeviceTotalMem(memory, device);
        }
        if (rc != CUresult.CUDA_SUCCESS) {
            return CudaProbeResult.absent("CUDA device 0 unusable (" + CUresult.stringFor(rc) + ")");
        }
        return CudaProbeResult.found(cString(name), memory[0]);
    }

    private static String linkFailure(UnsatisfiedLinkError e) {
        if (mentionsLibcuda(e)) {
            return "no CUDA driver (libcuda.so.1 not found)";
        }
        return "JCuda native library did not load (" + firstLine(e.getMessage()) + ")";
    }

    /** JDK 21+ chains the first failure to the later NoClassDefFoundError; JDK 17 does not. */
    private static boolean mentionsLibcuda(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("libcuda.so")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
