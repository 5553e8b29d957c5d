package io.baton.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers for "extras": free-form values that sessions attach to their state, events and commands.
 *
 * <p>Extras are JSON-like, so that any language can read them off the wire: a {@code Map<String, Object>} whose
 * values are {@code null}, {@link Boolean}, {@link Number} (carried as a double), {@link String}, a {@link List} of
 * such values, or a nested {@code Map<String, Object>}.
 */
public final class Extras {
  private Extras() {}

  /**
   * A deep, unmodifiable copy of {@code extras}.
   *
   * @throws IllegalArgumentException if a value is not JSON-like
   */
  public static Map<String, Object> copyOf(Map<String, ?> extras) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : extras.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("extras key must not be null");
      }
      copy.put(e.getKey(), copyValue(e.getKey(), e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(String path, Object value) {
    if (value == null || value instanceof Boolean || value instanceof String) {
      return value;
    }
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Map) {
      Map<String, Object> nested = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException("extras key under '" + path + "' must be a string");
        }
        nested.put((String) e.getKey(), copyValue(path + "." + e.getKey(), e.getValue()));
      }
      return Collections.unmodifiableMap(nested);
    }
    if (value instanceof List) {
      List<Object> list = new ArrayList<>();
      for (Object o : (List<Object>) value) {
        list.add(copyValue(path + "[]", o));
      }
      return Collections.unmodifiableList(list);
    }
    throw new IllegalArgumentException(
        "extras value '" + path + "' must be null, boolean, number, string, list or map: " + value.getClass());
  }
}
