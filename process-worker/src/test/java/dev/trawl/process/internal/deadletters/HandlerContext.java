package dev.trawl.process.internal.deadletters;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;

/** Where a record failed, as Kafka Streams tells a handler: a source record and a processor. */
record HandlerContext(String topic, int partition, long offset, String processorNodeId)
    implements ErrorHandlerContext {

  @Override
  public Headers headers() {
    return new RecordHeaders();
  }

  @Override
  public TaskId taskId() {
    return new TaskId(0, partition);
  }

  @Override
  public long timestamp() {
    return 0;
  }

  @Override
  public byte[] sourceRawKey() {
    return null;
  }

  @Override
  public byte[] sourceRawValue() {
    return null;
  }
}
