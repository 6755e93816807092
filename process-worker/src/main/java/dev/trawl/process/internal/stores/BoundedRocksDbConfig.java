package dev.trawl.process.internal.stores;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB state store of a process by one budget: all stores
 * (every task, every segment of a window store, standbys included) share one block cache, which
 * also holds their index and filter blocks, and one write-buffer manager that charges their
 * memtables to the same cache. Kafka Streams' default gives each store instance its own 50 MiB
 * cache and up to 48 MiB of memtables, so memory grows with the number of tasks a process holds.
 *
 * <p>The budget comes from {@link #MEMORY_BYTES_CONFIG} in the Streams configuration. The cache and
 * manager are static, shared by every Kafka Streams instance of the process with the same budget,
 * and never closed: stores come and go with rebalances, the budget stays. The cache is not strict
 * (a strict one fails reads when full), so usage may pass the budget briefly; the container's
 * memory headroom covers that.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

  /** Streams configuration key of the budget in bytes (a Number). */
  public static final String MEMORY_BYTES_CONFIG = "trawl.process.rocksdb.memory.bytes";

  /** Share of the budget memtables may take before the manager makes stores flush. */
  static final double WRITE_BUFFER_SHARE = 0.5;

  /** Share of the cache kept for index and filter blocks (high priority). */
  static final double INDEX_AND_FILTER_SHARE = 0.1;

  /** Memtables per store: one being written, one being flushed. */
  static final int MEMTABLES_PER_STORE = 2;

  /** Largest memtable of one store; small budgets get smaller ones (see {@link #memtable}). */
  static final long MAX_MEMTABLE_BYTES = 16L * 1024 * 1024;

  static final long BLOCK_BYTES = 16L * 1024;

  /** One shared cache and manager per budget; in a worker there is one budget. */
  private static final Map<Long, SharedMemory> SHARED = new ConcurrentHashMap<>();

  /** The cache and write-buffer manager of one budget. */
  record SharedMemory(Cache cache, WriteBufferManager writeBuffers) {

    static SharedMemory of(long budgetBytes) {
      Cache cache = new LRUCache(budgetBytes, -1, false, INDEX_AND_FILTER_SHARE);
      long writeBufferBytes = (long) (budgetBytes * WRITE_BUFFER_SHARE);
      return new SharedMemory(cache, new WriteBufferManager(writeBufferBytes, cache));
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    long budget = budgetBytes(configs);
    SharedMemory shared = SHARED.computeIfAbsent(budget, SharedMemory::of);
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    table.setBlockSize(BLOCK_BYTES);
    options.setWriteBufferManager(shared.writeBuffers());
    options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
    options.setWriteBufferSize(memtable(budget));
    options.setTableFormatConfig(table);
  }

  /** Nothing to close: the shared cache and manager outlive every store. */
  @Override
  public void close(String storeName, Options options) {}

  /** The memtable size of one store: at most a sixteenth of the budget, at most 16 MiB. */
  static long memtable(long budgetBytes) {
    return Math.min(MAX_MEMTABLE_BYTES, Math.max(64 * 1024, budgetBytes / 16));
  }

  private static long budgetBytes(Map<String, Object> configs) {
    Object value = configs.get(MEMORY_BYTES_CONFIG);
    if (!(value instanceof Number number) || number.longValue() <= 0) {
      throw new ConfigException(MEMORY_BYTES_CONFIG, value, "must be a positive number of bytes");
    }
    return number.longValue();
  }
}
