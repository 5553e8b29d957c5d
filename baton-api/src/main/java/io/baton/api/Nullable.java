package io.baton.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a value that may be {@code null}. Everything in Baton's API that is not marked is non-null.
 *
 * <p>Baton defines its own annotation because {@code baton-api} depends on nothing but the JDK.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE,
    ElementType.RECORD_COMPONENT})
public @interface Nullable {}
