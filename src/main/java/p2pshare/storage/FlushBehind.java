package p2pshare.storage;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a download's pieces to the disk while the download runs, so that making the finished file
 * durable (the fsync before it gets its final name) only waits for the last few MiB. Without it
 * the whole file was still in the page cache at the end: the final fsync of a 1 GiB download took
 * 0.44 s here, a sixth of the download, and almost none of it CPU.
 *
 * <p>Every {@link #EVERY_BYTES} written, one flush ({@code fdatasync}) runs on its own thread; the
 * writers never wait for it, and bytes written meanwhile count towards the next one. The final
 * flush ({@link #finalFlush}) also reports a failure of an earlier one: Linux tells each write
 * error to one fsync only, so on its own it could succeed over data the disk lost. The flushes
 * hold this object's monitor, so none runs during or after the final one.
 */
final class FlushBehind {
  /** 64 MiB: about 30 ms of this disk's writing, 16 flushes a GiB. */
  static final long EVERY_BYTES = 64L * 1024 * 1024;

  /** {@link FileChannel#force}: {@code true} flushes the metadata too. */
  interface Force {
    void force(boolean metadata) throws IOException;
  }

  private final Force channel;
  private final long everyBytes;
  private final AtomicLong unflushed = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean();
  private IOException failure;
  private volatile boolean done;

  FlushBehind(FileChannel channel) {
    this(channel::force, EVERY_BYTES);
  }

  FlushBehind(Force channel, long everyBytes) {
    this.channel = channel;
    this.everyBytes = everyBytes;
  }

  /** {@code bytes} more are in the page cache; true if that started a flush. */
  boolean written(long bytes) {
    if (unflushed.addAndGet(bytes) < everyBytes || done || !running.compareAndSet(false, true)) {
      return false;
    }
    unflushed.set(0);
    Thread.ofPlatform().daemon().name("p2pshare-flush").start(this::flush);
    return true;
  }

  /** A flush is under way. */
  boolean running() {
    return running.get();
  }

  /** Makes everything written durable, data and metadata; a flush that failed before fails it. */
  synchronized void finalFlush() throws IOException {
    done = true;
    if (failure != null) {
      throw new IOException("writing to disk failed: " + failure.getMessage(), failure);
    }
    channel.force(true);
  }

  private synchronized void flush() {
    try {
      if (!done) {
        channel.force(false);
      }
    } catch (ClosedChannelException closed) {
      // The download was stopped or cancelled while this ran: nothing left to make durable.
    } catch (IOException e) {
      failure = e;
    } finally {
      running.set(false);
    }
  }
}
