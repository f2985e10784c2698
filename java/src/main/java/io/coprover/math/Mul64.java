package io.coprover.math;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The high word of an unsigned 64×64-bit product, the primitive of the field multiplications.
 *
 * <p>Java 18 added {@code Math.unsignedMultiplyHigh}, which the JIT compiles to one unsigned
 * multiply instruction; Java 17 (what this project builds for) only has the signed
 * {@link Math#multiplyHigh}, which needs two masked additions to correct it. The method is looked
 * up once at class initialisation and held in a static final {@link MethodHandle}, which the JIT
 * treats as a constant and inlines, so each JVM runs the best version it has and the jar stays
 * Java 17 bytecode.
 */
final class Mul64 {
    private static final MethodHandle UNSIGNED_HIGH = lookup();

    /** Whether this JVM provides Math.unsignedMultiplyHigh (Java 18+). */
    static final boolean UNSIGNED_AVAILABLE = !isFallback();

    private Mul64() {}

    private static MethodHandle lookup() {
        MethodType t = MethodType.methodType(long.class, long.class, long.class);
        try {
            return MethodHandles.publicLookup().findStatic(Math.class, "unsignedMultiplyHigh", t);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            try {
                return MethodHandles.lookup().findStatic(Mul64.class, "portable", t);
            } catch (NoSuchMethodException | IllegalAccessException e2) {
                throw new ExceptionInInitializerError(e2);
            }
        }
    }

    private static boolean isFallback() {
        try {
            Math.class.getMethod("unsignedMultiplyHigh", long.class, long.class);
            return false;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    /** The high 64 bits of the unsigned product a·b. */
    static long hi(long a, long b) {
        try {
            return (long) UNSIGNED_HIGH.invokeExact(a, b);
        } catch (Throwable t) {
            throw new AssertionError(t); // neither target throws
        }
    }

    /** Math.multiplyHigh is signed: add b when a is negative and a when b is negative. */
    static long portable(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
