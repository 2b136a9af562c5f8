package dev.promjob.gateway;

import io.airlift.compress.snappy.SnappyDecompressor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Remote Write 1.0 body back, independently of the encoder: snappy's block format, then the
 * protobuf wire format field by field. Unknown fields and wrong wire types fail the test.
 */
final class WriteRequests {
  private WriteRequests() {}

  /** One decoded series: labels in wire order, then its samples. */
  record Series(Map<String, String> labels, List<double[]> samples) {}

  static List<Series> decode(byte[] snappy) {
    byte[] raw = new byte[SnappyDecompressor.getUncompressedLength(snappy, 0)];
    int n = new SnappyDecompressor().decompress(snappy, 0, snappy.length, raw, 0, raw.length);
    if (n != raw.length) {
      throw new AssertionError("snappy: " + n + " bytes, header says " + raw.length);
    }
    return decodeProtobuf(raw);
  }

  static List<Series> decodeProtobuf(byte[] raw) {
    List<Series> out = new ArrayList<>();
    Reader r = new Reader(raw, 0, raw.length);
    while (r.more()) {
      Reader ts = r.message(1);
      Map<String, String> labels = new LinkedHashMap<>();
      List<double[]> samples = new ArrayList<>();
      while (ts.more()) {
        int tag = ts.peekTag();
        if (tag == (1 << 3 | 2)) {
          Reader label = ts.message(1);
          String name = label.string(1);
          String value = label.string(2);
          if (label.more() || labels.put(name, value) != null) {
            throw new AssertionError("label " + name + " twice, or trailing bytes");
          }
        } else {
          Reader sample = ts.message(2);
          sample.expectTag(1 << 3 | 1);
          double v = Double.longBitsToDouble(sample.fixed64());
          sample.expectTag(2 << 3);
          long t = sample.varint();
          samples.add(new double[] {v, t});
        }
      }
      out.add(new Series(labels, samples));
    }
    return out;
  }

  private static final class Reader {
    private final byte[] b;
    private int pos;
    private final int end;

    Reader(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    int peekTag() {
      return b[pos] & 0xff;
    }

    void expectTag(int tag) {
      int t = (int) varint();
      if (t != tag) {
        throw new AssertionError("tag " + t + ", expected " + tag);
      }
    }

    Reader message(int field) {
      expectTag(field << 3 | 2);
      int len = (int) varint();
      Reader r = new Reader(b, pos, pos + len);
      pos += len;
      if (pos > end) {
        throw new AssertionError("message runs past its parent");
      }
      return r;
    }

    String string(int field) {
      expectTag(field << 3 | 2);
      int len = (int) varint();
      String s = new String(b, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return s;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        byte x = b[pos++];
        v |= (long) (x & 0x7f) << shift;
        if (x >= 0) {
          return v;
        }
      }
    }

    long fixed64() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v |= (b[pos++] & 0xffL) << (8 * i);
      }
      return v;
    }
  }
}
