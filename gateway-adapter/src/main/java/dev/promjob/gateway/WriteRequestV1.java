package dev.promjob.gateway;

import io.airlift.compress.snappy.SnappyCompressor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Prometheus Remote Write 1.0: a protobuf {@code WriteRequest} compressed with snappy's block
 * format (never the framed one, which receivers refuse).
 *
 * <pre>
 * WriteRequest { repeated TimeSeries timeseries = 1; }
 * TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 * Label        { string name = 1; string value = 2; }
 * Sample       { double value = 1; int64 timestamp = 2; }   // milliseconds
 * </pre>
 *
 * The four messages are written by hand: sizes first, then the bytes into one exact array.
 */
final class WriteRequestV1 implements RemoteWriteEncoder {
  static final List<String> HEADERS =
      List.of(
          "Content-Type", "application/x-protobuf",
          "Content-Encoding", "snappy",
          "X-Prometheus-Remote-Write-Version", "0.1.0");

  private static final int LEN = 2; // wire type: length-delimited
  private static final int FIXED64 = 1;
  private static final int VARINT = 0;

  @Override
  public List<String> headers() {
    return HEADERS;
  }

  @Override
  public byte[] encode(List<TimeSeries> series, long timestampMillis) {
    byte[] raw = protobuf(series, timestampMillis);
    SnappyCompressor snappy = new SnappyCompressor();
    byte[] out = new byte[snappy.maxCompressedLength(raw.length)];
    int n = snappy.compress(raw, 0, raw.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }

  /** The uncompressed {@code WriteRequest}. */
  static byte[] protobuf(List<TimeSeries> series, long timestampMillis) {
    int sampleSize = 1 + 8 + 1 + varintSize(timestampMillis);
    byte[][][] utf8 = new byte[series.size()][][];
    int[] seriesSizes = new int[series.size()];
    int total = 0;
    for (int s = 0; s < series.size(); s++) {
      TimeSeries ts = series.get(s);
      byte[][] strings = new byte[ts.names().length * 2][];
      int size = 0;
      for (int i = 0; i < ts.names().length; i++) {
        strings[2 * i] = ts.names()[i].getBytes(StandardCharsets.UTF_8);
        strings[2 * i + 1] = ts.values()[i].getBytes(StandardCharsets.UTF_8);
        size += field(labelSize(strings[2 * i], strings[2 * i + 1]));
      }
      size += field(sampleSize);
      utf8[s] = strings;
      seriesSizes[s] = size;
      total += field(size);
    }
    Out out = new Out(total);
    for (int s = 0; s < series.size(); s++) {
      out.tag(1, LEN).varint(seriesSizes[s]);
      byte[][] strings = utf8[s];
      for (int i = 0; i < strings.length; i += 2) {
        out.tag(1, LEN).varint(labelSize(strings[i], strings[i + 1]));
        out.tag(1, LEN).varint(strings[i].length).bytes(strings[i]);
        out.tag(2, LEN).varint(strings[i + 1].length).bytes(strings[i + 1]);
      }
      out.tag(2, LEN).varint(sampleSize);
      out.tag(1, FIXED64).fixed64(Double.doubleToRawLongBits(series.get(s).value()));
      out.tag(2, VARINT).varint(timestampMillis);
    }
    return out.done();
  }

  private static int labelSize(byte[] name, byte[] value) {
    return 1 + varintSize(name.length) + name.length + 1 + varintSize(value.length) + value.length;
  }

  /** A length-delimited field of {@code size} bytes, its one-byte tag and length included. */
  private static int field(int size) {
    return 1 + varintSize(size) + size;
  }

  static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** Writes into an array of the exact size computed first; a wrong size fails loudly. */
  private static final class Out {
    private final byte[] buf;
    private int pos;

    Out(int size) {
      buf = new byte[size];
    }

    Out tag(int field, int wireType) {
      buf[pos++] = (byte) (field << 3 | wireType);
      return this;
    }

    Out varint(long v) {
      while ((v & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
      return this;
    }

    Out fixed64(long v) {
      for (int i = 0; i < 8; i++) {
        buf[pos++] = (byte) (v >>> (8 * i));
      }
      return this;
    }

    Out bytes(byte[] b) {
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
      return this;
    }

    byte[] done() {
      if (pos != buf.length) {
        throw new IllegalStateException("protobuf size " + pos + " != computed " + buf.length);
      }
      return buf;
    }
  }
}
