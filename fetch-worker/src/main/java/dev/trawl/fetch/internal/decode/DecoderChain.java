package dev.trawl.fetch.internal.decode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a list of Content-Encodings: the body goes through one layer after another, the outermost
 * (the coding listed last) first, each layer writing what it decoded into the next, the innermost
 * into the body. Only the body's limit counts what is kept, so a bomb in any layer stops at it; a
 * layer inside another takes in at most the content limit, so a layer that decodes to (almost)
 * nothing cannot make the ones around it run on without end. A layer whose input was cut short cuts
 * the ones inside it, and the body is then marked cut.
 *
 * <p>Thread-safety: used by one exchange's listener, one callback after another.
 */
final class DecoderChain extends BodyDecoder {

  /** The layers, outermost first. */
  private final List<BodyDecoder> layers;

  /** {@code links.get(i)} feeds layer {@code i + 1}. */
  private final List<Link> links = new ArrayList<>();

  /** The body, as last given to {@link #decode} or {@link #finish}. */
  private ByteSink body;

  private boolean stopped;

  /**
   * @param layers two or more, outermost first
   * @param innerLimit bytes each layer but the outermost takes in at most
   */
  DecoderChain(List<BodyDecoder> layers, int innerLimit) {
    this.layers = List.copyOf(layers);
    for (int i = 1; i < layers.size(); i++) {
      links.add(new Link(i, innerLimit));
    }
  }

  @Override
  public boolean decode(ByteBuffer chunk, ByteSink sink) throws IOException {
    body = sink;
    if (!stopped) {
      stopped = !layers.get(0).decode(chunk, output(0));
    }
    return !stopped;
  }

  @Override
  public void finish(ByteSink sink, boolean inputCut) throws IOException {
    body = sink;
    boolean cut = inputCut;
    for (int i = 0; i < layers.size(); i++) {
      layers.get(i).finish(output(i), cut);
      cut |= i < links.size() && links.get(i).cut;
    }
    if (cut) {
      sink.markCut();
    }
  }

  @Override
  public void discard() {
    layers.forEach(BodyDecoder::discard);
  }

  /** Where layer {@code i} writes. */
  private ByteSink output(int i) {
    return i < links.size() ? links.get(i) : body;
  }

  /** What one layer decoded, handed to the next layer as its input. */
  private final class Link implements ByteSink {

    private final int next;
    private final int limit;
    private long passed;
    private boolean cut;

    Link(int next, int limit) {
      this.next = next;
      this.limit = limit;
    }

    @Override
    public boolean write(byte[] data, int offset, int length) throws IOException {
      int taken = (int) Math.min(length, limit - passed);
      passed += taken;
      boolean room = layers.get(next).decode(ByteBuffer.wrap(data, offset, taken), output(next));
      if (taken < length) {
        cut = true;
        return false;
      }
      return room;
    }

    /** No bound: how much the next layer makes of its input is not known here. */
    @Override
    public int room() {
      return Integer.MAX_VALUE;
    }

    @Override
    public void markCut() {
      cut = true;
    }
  }
}
