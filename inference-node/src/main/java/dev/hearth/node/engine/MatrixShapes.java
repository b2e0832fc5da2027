package dev.hearth.node.engine;

/** Shape checks shared by the matrix formats. */
final class MatrixShapes {
    private MatrixShapes() {
    }

    static void check(String format, int rows, int cols, int length, long expected) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(format + " matrix needs positive dimensions, got " + rows + "x" + cols);
        }
        if (length != expected) {
            throw new IllegalArgumentException(format + " matrix " + rows + "x" + cols + " needs " + expected
                    + " elements, got " + length);
        }
    }
}
