package dev.shelf.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Config for the Shelf a {@link ShelfTest} parameter receives, merged over the test defaults of
 * {@link RunningShelf#config}: {@code key=value} pairs with the keys of {@code conf/config.json},
 * each value read as JSON when it is (numbers, true/false, arrays) and as text otherwise, e.g.
 * {@code @WithConfig({"demo.pageDelayMs=2000", "http.instances=1"}) RunningShelf shelf}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface WithConfig {
  String[] value();
}
