package io.billctl.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * How picocli makes the annotated commands (profile, sandbox, completion) and their helpers: with
 * the call's {@link Invocation} handed to the constructor that takes one, so that no command
 * reaches up the tree for its services.
 */
final class CommandFactory implements IFactory {
    private final Invocation invocation;
    private final IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Constructor<K> withInvocation;
        try {
            withInvocation = type.getDeclaredConstructor(Invocation.class);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
        withInvocation.setAccessible(true);
        return withInvocation.newInstance(invocation);
    }
}
