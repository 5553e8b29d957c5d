package io.baton.client;

import io.baton.api.Nullable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs everything a manager hands to application code: the completion of the futures it returns, listeners, command
 * handlers and session callbacks.
 *
 * <h2>Threading</h2>
 * Tasks run one at a time, in the order they were submitted, whatever executor runs them: the default executor is a
 * single daemon thread named {@code baton-callbacks}; an executor given to the builder is wrapped so that it never
 * runs two of this manager's tasks at once. gRPC and Netty threads only ever submit tasks here, so application code
 * never runs on them (unless the application supplied a direct executor). Application code must therefore not block
 * on a Baton future from inside a callback: the future is completed by a later task of this same queue.
 *
 * <h2>Errors</h2>
 * A task that throws is logged and never stops the tasks after it; a listener that throws never keeps an event from
 * the other listeners.
 */
/* package */ final class CallbackDispatcher {
  private static final Logger logger = LoggerFactory.getLogger(CallbackDispatcher.class);

  /** The thread name of the default callback executor. */
  /* package */ static final String DEFAULT_THREAD_NAME = "baton-callbacks";

  private final Executor executor;
  private final @Nullable ExecutorService ownedExecutor;

  /**
   * A dispatcher on {@code userExecutor}, or on a new single thread that {@link #shutdown()} stops when
   * {@code userExecutor} is null.
   */
  /* package */ CallbackDispatcher(@Nullable Executor userExecutor) {
    if (userExecutor == null) {
      ownedExecutor =
          Executors.newSingleThreadExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, DEFAULT_THREAD_NAME);
                thread.setDaemon(true);
                return thread;
              });
      executor = ownedExecutor;
    } else {
      ownedExecutor = null;
      executor = new SerializingExecutor(userExecutor);
    }
  }

  /** Runs {@code task} on the callback executor; a throwing task is logged. */
  /* package */ void execute(Runnable task) {
    Runnable guarded =
        () -> {
          try {
            task.run();
          } catch (RuntimeException | Error e) {
            logger.warn("Callback threw", e);
          }
        };
    try {
      executor.execute(guarded);
    } catch (RejectedExecutionException e) {
      // Only after close(), when a late completion arrives after the default executor stopped: futures must still
      // finish, so the last few run here.
      logger.debug("Callback executor rejected a task after close; running it on {}", Thread.currentThread());
      guarded.run();
    }
  }

  /**
   * Delivers {@code event} to each of {@code listeners} (as registered now) on the callback executor. A listener
   * that throws is logged with {@code what}; the others still get the event.
   */
  /* package */ <L> void dispatch(Collection<L> listeners, String what, Consumer<? super L> event) {
    if (listeners.isEmpty()) {
      return;
    }
    List<L> snapshot = new ArrayList<>(listeners);
    execute(
        () -> {
          for (L listener : snapshot) {
            try {
              event.accept(listener);
            } catch (RuntimeException e) {
              logger.warn("Listener {} threw in {}", listener, what, e);
            }
          }
        });
  }

  /**
   * A future completed on the callback executor with the outcome of {@code source}. The result is a new future, so
   * that an application completing or cancelling it cannot disturb Baton's own futures. A failure is unwrapped from
   * {@link CompletionException} and {@link ExecutionException}.
   */
  /* package */ <T> CompletableFuture<T> relay(CompletableFuture<T> source) {
    CompletableFuture<T> result = new CompletableFuture<>();
    source.whenComplete(
        (value, error) ->
            execute(
                () -> {
                  if (error == null) {
                    result.complete(value);
                  } else {
                    result.completeExceptionally(unwrap(error));
                  }
                }));
    return result;
  }

  /** A future failed with {@code error} on the callback executor. */
  /* package */ <T> CompletableFuture<T> failed(Throwable error) {
    return relay(CompletableFuture.failedFuture(error));
  }

  /** A future completed with {@code value} on the callback executor. */
  /* package */ <T> CompletableFuture<T> completed(@Nullable T value) {
    return relay(CompletableFuture.completedFuture(value));
  }

  /** Stops the default executor once its queued tasks have run; a user-supplied executor is left alone. */
  /* package */ void shutdown() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  /** The failure a future stage stands for, without the wrappers {@link CompletableFuture} adds. */
  /* package */ static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Runs tasks on a delegate executor one at a time, in submission order, like grpc's {@code SerializingExecutor}:
   * at most one drain task is queued on the delegate at any time.
   */
  private static final class SerializingExecutor implements Executor {
    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    SerializingExecutor(Executor delegate) {
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
      schedule(task);
    }

    private void schedule(@Nullable Runnable submitted) {
      if (draining.compareAndSet(false, true)) {
        try {
          delegate.execute(this::drain);
        } catch (RejectedExecutionException e) {
          draining.set(false);
          if (submitted != null) {
            tasks.remove(submitted);
          }
          throw e;
        }
      }
    }

    private void drain() {
      try {
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
      } finally {
        draining.set(false);
      }
      // A task may have been added after the last poll but before draining was cleared.
      if (!tasks.isEmpty()) {
        try {
          schedule(null);
        } catch (RejectedExecutionException e) {
          // The tasks stay queued; the next execute() schedules them again.
          logger.warn("Callback executor rejected a drain; {} callbacks wait for the next one", tasks.size(), e);
        }
      }
    }
  }
}
