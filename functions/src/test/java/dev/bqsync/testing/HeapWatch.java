package dev.bqsync.testing;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a piece of work adds to this JVM, for benchmarks: the live heap before it (after a full
 * collection) is the baseline, which leaves out what the benchmark itself holds (an in-memory CRM,
 * say). During the work every collection reports the heap left after it; the highest of those,
 * less the baseline, is the work's peak live heap, an upper bound (garbage not yet collected in the
 * old generation counts too). Also the highest heap in use at any time, garbage included.
 */
public final class HeapWatch implements NotificationListener {
  private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

  private final long baseline;
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final AtomicInteger collections = new AtomicInteger();
  private Thread sampler;

  /** The heap the work added: peak live after a collection (null when none ran) and peak in use, in MiB. */
  public record Added(Long peakLiveMiB, long peakUsedMiB, int collections, long baselineMiB) {
    @Override
    public String toString() {
      return String.format("heap added: peak live %s, peak in use %,d MiB (%d collections, baseline %,d MiB)",
          peakLiveMiB == null ? "n/a (no collection ran)" : String.format("%,d MiB", peakLiveMiB), peakUsedMiB,
          collections, baselineMiB);
    }
  }

  private HeapWatch(long baseline) {
    this.baseline = baseline;
  }

  public static HeapWatch start() {
    return start(0);
  }

  /**
   * With {@code sampleEveryMs} above 0, also a full collection that often during the work, so the
   * peak live heap is measured rather than bounded (and the work is slowed: its time is not worth
   * reporting then).
   */
  public static HeapWatch start(long sampleEveryMs) {
    System.gc();
    System.gc();
    List<MemoryPoolMXBean> pools = heapPools();
    long used = pools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    HeapWatch watch = new HeapWatch(used);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(watch, null, null);
    }
    if (sampleEveryMs > 0) {
      watch.sampler = new Thread(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            Thread.sleep(sampleEveryMs);
            System.gc();
          }
        } catch (InterruptedException stopped) {
          // the work ended
        }
      }, "heap-watch-sampler");
      watch.sampler.setDaemon(true);
      watch.sampler.start();
    }
    return watch;
  }

  public Added stop() {
    if (sampler != null) {
      sampler.interrupt();
      try {
        sampler.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      try {
        ((NotificationEmitter) gc).removeNotificationListener(this);
      } catch (javax.management.ListenerNotFoundException ignored) {
        // never added to this one
      }
    }
    long peakUsed = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    long mib = 1024 * 1024;
    return new Added(collections.get() == 0 ? null : Math.max(0, peakAfterGc.get() - baseline) / mib,
        Math.max(0, peakUsed - baseline) / mib, collections.get(), baseline / mib);
  }

  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      return;
    }
    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long after = 0;
    for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (HEAP_POOLS.contains(pool.getKey())) {
        MemoryUsage usage = pool.getValue();
        after += usage.getUsed();
      }
    }
    collections.incrementAndGet();
    long live = after;
    peakAfterGc.accumulateAndGet(live, Math::max);
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
  }
}
