package io.baton.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tests for {@link CallbackDispatcher}. */
@Timeout(30)
class CallbackDispatcherTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  @Test
  void execute_userPoolExecutor_runsTasksOneAtATimeInOrder() {
    CallbackDispatcher dispatcher = new CallbackDispatcher(pool);
    List<Integer> order = new CopyOnWriteArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();

    for (int i = 0; i < 500; i++) {
      int n = i;
      dispatcher.execute(
          () -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            order.add(n);
            running.decrementAndGet();
          });
    }

    await().atMost(5, SECONDS).until(() -> order.size() == 500);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      expected.add(i);
    }
    assertThat(order).isEqualTo(expected);
    assertThat(maxRunning.get()).isEqualTo(1);
  }

  @Test
  void execute_taskThrows_laterTasksStillRun() {
    CallbackDispatcher dispatcher = new CallbackDispatcher(pool);
    List<String> ran = new CopyOnWriteArrayList<>();

    dispatcher.execute(
        () -> {
          throw new IllegalStateException("bug");
        });
    dispatcher.execute(() -> ran.add("after"));

    await().atMost(5, SECONDS).until(() -> ran.size() == 1);
  }

  @Test
  void dispatch_listenerThrows_othersStillCalled() {
    CallbackDispatcher dispatcher = new CallbackDispatcher(null);
    List<String> calls = new CopyOnWriteArrayList<>();
    List<Consumer<String>> listeners =
        List.of(
            s -> {
              throw new IllegalStateException("bug");
            },
            s -> calls.add("second " + s));

    dispatcher.dispatch(listeners, "test", listener -> listener.accept("event"));

    await().atMost(5, SECONDS).until(() -> calls.size() == 1);
    assertThat(calls).containsExactly("second event");
    dispatcher.shutdown();
  }

  @Test
  void dispatch_listenerAddedAfterwards_doesNotGetEarlierEvent() {
    CallbackDispatcher dispatcher = new CallbackDispatcher(null);
    List<String> calls = new CopyOnWriteArrayList<>();
    List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    listeners.add(s -> calls.add("first"));

    dispatcher.dispatch(listeners, "test", listener -> listener.accept("event"));
    listeners.add(s -> calls.add("late"));
    dispatcher.execute(() -> calls.add("done"));

    await().atMost(5, SECONDS).until(() -> calls.contains("done"));
    assertThat(calls).containsExactly("first", "done");
    dispatcher.shutdown();
  }

  @Test
  void relay_defaultExecutor_completesOnCallbackThread() throws Exception {
    CallbackDispatcher dispatcher = new CallbackDispatcher(null);
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> thread = new CompletableFuture<>();

    dispatcher.relay(source).thenAccept(value -> thread.complete(Thread.currentThread().getName() + " " + value));
    source.complete("v");

    assertThat(thread.get(5, SECONDS)).isEqualTo("baton-callbacks v");
    dispatcher.shutdown();
  }

  @Test
  void relay_wrappedFailure_unwrapsCompletionException() {
    CallbackDispatcher dispatcher = new CallbackDispatcher(null);
    AVSessionException error = AVSessionErrorCode.SESSION_NOT_EXIST.toException("gone");

    CompletableFuture<Object> relayed =
        dispatcher.relay(CompletableFuture.failedFuture(new CompletionException(error)));

    ExecutionException e = assertThrows(ExecutionException.class, () -> relayed.get(5, SECONDS));
    assertThat(e.getCause()).isSameAs(error);
    dispatcher.shutdown();
  }

  @Test
  void relay_applicationCompletesResult_sourceUnaffected() {
    CallbackDispatcher dispatcher = new CallbackDispatcher(null);
    CompletableFuture<String> source = new CompletableFuture<>();

    dispatcher.relay(source).complete("app");

    assertThat(source).isNotDone();
    dispatcher.shutdown();
  }

  @Test
  void execute_afterShutdown_stillRunsTask() {
    CallbackDispatcher dispatcher = new CallbackDispatcher(null);
    dispatcher.shutdown();
    List<String> ran = new CopyOnWriteArrayList<>();

    dispatcher.execute(() -> ran.add("late"));

    assertThat(ran).containsExactly("late");
  }
}
