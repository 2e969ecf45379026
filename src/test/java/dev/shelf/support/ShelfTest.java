package dev.shelf.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose test methods (and {@code @BeforeEach} methods) may declare a
 * {@link RunningShelf} parameter: each test gets Shelf started for it on a random port, with its
 * database in a fresh temporary folder, and stopped afterwards. A {@code Vertx} parameter is the
 * same test's Vert.x instance. {@link WithConfig} on the parameter adds config for that test.
 *
 * <pre>
 * &#64;ShelfTest
 * class HealthTest {
 *   &#64;Test
 *   void upAndReady(RunningShelf shelf) { … }
 * }
 * </pre>
 *
 * Do not combine with {@code VertxExtension}: this extension provides the {@code Vertx} itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ShelfExtension.class)
public @interface ShelfTest {
}
