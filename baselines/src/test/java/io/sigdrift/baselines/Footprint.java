package io.sigdrift.baselines;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;

/**
 * Estimates the heap footprint of a per-key object the way HotSpot lays it out on a 64-bit JVM
 * with compressed oops (12-byte object header, 16-byte array header, 4-byte references, 8-byte
 * alignment). Follows arrays and objects of this module that the key owns; shared objects (configs,
 * detector lists, strings) are not counted, because one instance serves every key.
 */
public final class Footprint {

    private Footprint() {}

    public static long of(Object root) {
        return walk(root, new IdentityHashMap<>());
    }

    private static long walk(Object o, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.containsKey(o)) return 0;
        seen.put(o, true);
        Class<?> c = o.getClass();
        if (c.isArray()) {
            int n = Array.getLength(o);
            Class<?> t = c.getComponentType();
            long size = align(16 + (long) n * sizeOf(t));
            if (!t.isPrimitive()) for (int i = 0; i < n; i++) size += walk(Array.get(o, i), seen);
            return size;
        }
        long size = 12;
        long children = 0;
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                size += sizeOf(f.getType());
                if (f.getType().isPrimitive() || !owned(f.getType())) continue;
                try {
                    f.setAccessible(true);
                    children += walk(f.get(o), seen);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return align(size) + children;
    }

    private static boolean owned(Class<?> t) {
        if (t.isArray()) return true;
        return t.getName().startsWith("io.sigdrift.baselines") && !t.getSimpleName().endsWith("Config");
    }

    private static int sizeOf(Class<?> t) {
        if (t == long.class || t == double.class) return 8;
        if (t == int.class || t == float.class) return 4;
        if (t == short.class || t == char.class) return 2;
        if (t == byte.class || t == boolean.class) return 1;
        return 4;
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }
}
