package io.billctl.cli;

import io.billctl.core.BillctlException;
import io.billctl.core.OutputFailed;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.ListFilter;
import io.billctl.core.backend.ListQuery;
import io.billctl.core.output.AccountList;
import io.billctl.core.output.OutputFormat;
import io.billctl.core.read.Projection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code billctl GROUP list}, for every backend: pages through the vendor's list call with its
 * filters and prints the accounts as they come, memory flat however many there are.
 */
final class ListCommand implements Callable<Integer> {
    private static final int MOST_PER_PAGE = 10_000;

    private final Invocation invocation;
    private final Backend backend;
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("list");
    private final List<Bound> filters = new ArrayList<>();
    private final OptionSpec filter;
    private final OptionSpec limit;
    private final OptionSpec pageSize;
    private final ReadOptions read;

    private record Bound(ListFilter filter, OptionSpec option) {}

    private ListCommand(Invocation invocation, Backend backend) {
        this.invocation = invocation;
        this.backend = backend;
        int order = 600;
        for (ListFilter each : backend.listFilters()) {
            OptionSpec option = OptionSpec.builder(each.flag()).paramLabel(each.label()).type(String.class).order(order++)
                    .description(HelpLayout.literal(each.description())).build();
            spec.addOption(option);
            filters.add(new Bound(each, option));
        }
        filter = OptionSpec.builder("--filter").paramLabel("NAME=VALUE").type(List.class).auxiliaryTypes(String.class).order(650)
                .description("A filter of the vendor's list call, passed as it is" + (backend.filterParameter("NAME").equals("NAME") ? ""
                        : " as " + backend.filterParameter("NAME")) + ". Repeatable.").build();
        spec.addOption(filter);
        limit = OptionSpec.builder("--limit").paramLabel("N").type(Long.class).order(660)
                .description("At most N accounts in all (default: every one).").build();
        spec.addOption(limit);
        pageSize = OptionSpec.builder("--page-size").paramLabel("N").type(Integer.class).order(661)
                .description(backend.pagesLists() ? "Accounts asked for in one request (default: " + backend.pageSize() + ")."
                        : "Ignored: the vendor documents no paging, so the whole list comes in one answer.").build();
        spec.addOption(pageSize);
        read = new ReadOptions(spec);
    }

    static CommandSpec spec(Invocation invocation, Backend backend) {
        ListCommand command = new ListCommand(invocation, backend);
        HelpLayout.describe(command.spec, backend.listText());
        return command.spec;
    }

    Backend backend() {
        return backend;
    }

    @Override
    public Integer call() {
        Context context = invocation.context();
        ListQuery query = new ListQuery(filters(), limit(), pageSize());
        backend.checkFilters(query.filters());
        List<String> generic = filter.getValue();
        if (generic != null) {
            for (String pair : generic) {
                String name = pair.substring(0, pair.indexOf('=')).trim();
                String warning = backend.undocumentedFilter(name);
                if (warning != null) context.presenter().warning(warning);
                String empty = pair.substring(pair.indexOf('=') + 1).isBlank() ? backend.emptyFilter(name) : null;
                if (empty != null) context.presenter().warning(empty);
            }
        }
        boolean table = context.globals().output() == OutputFormat.table;
        Projection projection = read.projection(backend, context.redactor(), table ? backend.listColumns() : List.of());
        // Connected before the output begins: a profile of another backend is one error line, with no header before it.
        io.billctl.core.backend.UpdateClient client = context.connect(backend, backend.group() + " list").client();
        AccountList out = context.presenter().accountList(backend.id(), context.globals().output() == OutputFormat.csv || table ? projection.header() : null,
                projection.showSecrets());
        Sink sink = new Sink(projection, out);
        // Pages are fetched and parsed on this thread while the accounts already in hand are shown on another:
        // on two cores a long list takes about half the time (bench/list.sh).
        try (Handoff handoff = new Handoff(sink)) {
            client.list(query, handoff);
            handoff.finish();
        } catch (OutputFailed e) {
            throw e; // stdout cannot be written (its reader gone, a full disk): the list stopped at once, nothing more on it
        } catch (BillctlException e) {
            // -o json: the document begun with the first page ends with the error, and is the only one on stdout.
            try {
                if (out.fail(context.presenter().errorNode(e))) context.presenter().failureWritten();
            } catch (OutputFailed unwritten) {
                unwritten.said(); // the error, not the output's, is what the caller must hear: its line and code follow
                context.presenter().failureWritten();
            }
            throw e;
        } catch (RuntimeException | Error e) {
            out.endWritten(); // what came before is shown
            throw e;
        }
        out.end();
        if (!sink.masked.isEmpty() && !table) {
            context.presenter().info("note: " + String.join(", ", sink.masked)
                    + " left out: secrets the server returns in clear (--show-secrets includes them)");
        }
        return ExitCode.OK;
    }

    /** Each account shown as it comes; the secrets left out, named once. A class, not a lambda (start-up). */
    private static final class Sink implements io.billctl.core.backend.AccountSink {
        private final Projection projection;
        private final AccountList out;
        private final java.util.Set<String> masked = new java.util.LinkedHashSet<>();

        Sink(Projection projection, AccountList out) {
            this.projection = projection;
            this.out = out;
        }

        void flush() {
            out.flush();
        }

        @Override
        public boolean accept(com.fasterxml.jackson.databind.node.ObjectNode account) {
            Projection.Shown shown = projection.show(account);
            masked.addAll(shown.masked());
            out.add(shown.account(), shown.masked());
            return true;
        }
    }

    /**
     * Hands the accounts to a second thread in chunks, through a queue of a few chunks (memory stays
     * flat), and gives back whatever went wrong there. A class, not a lambda (start-up).
     */
    private static final class Handoff implements io.billctl.core.backend.AccountSink, AutoCloseable, Runnable {
        private static final int CHUNK = 100;
        private static final List<com.fasterxml.jackson.databind.node.ObjectNode> END = List.of();
        private final Sink target;
        private final java.util.concurrent.BlockingQueue<List<com.fasterxml.jackson.databind.node.ObjectNode>> queue =
                new java.util.concurrent.ArrayBlockingQueue<>(4);
        private final Thread thread = new Thread(this, "billctl-list-output");
        private List<com.fasterxml.jackson.databind.node.ObjectNode> chunk = new ArrayList<>(CHUNK);
        private volatile RuntimeException failed;
        private boolean ended;

        Handoff(Sink target) {
            this.target = target;
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public boolean accept(com.fasterxml.jackson.databind.node.ObjectNode account) {
            if (failed != null) return false;
            chunk.add(account);
            if (chunk.size() == CHUNK) {
                put(chunk);
                chunk = new ArrayList<>(CHUNK);
            }
            return failed == null;
        }

        @Override
        public void run() {
            try {
                for (List<com.fasterxml.jackson.databind.node.ObjectNode> next = queue.take(); next != END; next = queue.take()) {
                    for (com.fasterxml.jackson.databind.node.ObjectNode account : next) target.accept(account);
                    // Written out chunk by chunk: a reader that has gone (| head -1) is met a chunk later, and the list
                    // stops there instead of fetching every page into a full buffer first (one write per 100 accounts).
                    target.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failed = e;
                queue.clear();
            }
        }

        private void put(List<com.fasterxml.jackson.databind.node.ObjectNode> accounts) {
            try {
                while (!queue.offer(accounts, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    if (failed != null || !thread.isAlive()) return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BillctlException(io.billctl.core.ExitCode.INTERRUPTED, "interrupted");
            }
        }

        /** Every account handed over is shown: waits for the other thread, and throws what it met. */
        void finish() {
            if (!chunk.isEmpty()) put(chunk);
            chunk = new ArrayList<>();
            end();
            if (failed != null) throw failed;
        }

        private void end() {
            if (ended) return;
            ended = true;
            put(END);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * On the way out after a failure here: the accounts already received are shown (as they would have
         * been had the page size been a multiple of the chunk's), then the other thread is told to end, and
         * waited for.
         */
        @Override
        public void close() {
            if (!ended && failed == null && !chunk.isEmpty() && !Thread.currentThread().isInterrupted()) put(chunk);
            chunk = new ArrayList<>();
            end();
        }
    }

    private Map<String, String> filters() {
        Map<String, String> given = new LinkedHashMap<>();
        for (Bound bound : filters) {
            String value = bound.option().getValue();
            if (value != null) given.put(bound.filter().parameter(), value);
        }
        List<String> generic = filter.getValue();
        if (generic != null) {
            for (String pair : generic) {
                int eq = pair.indexOf('=');
                if (eq <= 0) throw BillctlException.usage("--filter takes NAME=VALUE, got '" + pair + "'");
                given.put(backend.filterParameter(pair.substring(0, eq).trim()), pair.substring(eq + 1));
            }
        }
        return given;
    }

    private long limit() {
        Long given = limit.getValue();
        if (given == null) return 0;
        if (given < 1) throw BillctlException.usage("--limit must be at least 1, got " + given);
        return given;
    }

    private int pageSize() {
        Integer given = pageSize.getValue();
        if (given == null) return backend.pageSize();
        if (given < 1 || given > MOST_PER_PAGE) throw BillctlException.usage("--page-size must be 1.." + MOST_PER_PAGE + ", got " + given);
        return given;
    }
}
