package io.flowstore.internal.storage;

import io.flowstore.FlowStoreException;
import io.flowstore.StoreIOException;

/**
 * Tracks the batches one ingest call handed to writer threads, so that the call returns only
 * when all of them are appended. Thread-safe. Internal.
 */
public final class Ticket {
  private int pending;
  private Throwable failure;

  synchronized void add() {
    pending++;
  }

  synchronized void done() {
    if (--pending == 0) {
      notifyAll();
    }
  }

  synchronized void fail(Throwable t) {
    if (failure == null) {
      failure = t;
    }
    done();
  }

  /** Waits for every batch; rethrows the first writer failure. */
  public synchronized void await() {
    boolean interrupted = false;
    while (pending > 0) {
      try {
        wait();
      } catch (InterruptedException e) {
        // the batches are already queued; they will be appended, so wait for the outcome
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      if (failure instanceof FlowStoreException) {
        throw (FlowStoreException) failure;
      }
      throw new StoreIOException("appending to the store failed: error=" + failure, failure);
    }
  }

  public synchronized Throwable failure() {
    return failure;
  }
}
